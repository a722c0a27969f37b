import { createRequire } from 'node:module'
import type HolidaysClass from 'date-holidays'

/** The date-holidays package name, resolved from beside this module (locally) or the bundle (in Lambda). */
export const holidayEnginePackage = 'date-holidays'

type HolidaysConstructor = typeof HolidaysClass

let engine: HolidaysConstructor | undefined

/**
 * The date-holidays `Holidays` class, loaded on first use rather than bundled. The package carries
 * the rules of every country plus moment-timezone and astronomia (about 1.4 MB minified); bundled, it
 * made every function 2.2 MB and parsed all of it at every cold start, although only functions that
 * compute an SLA need it, and then only on their first SLA computation. In Lambda the bundling
 * (`AppFunction`) ships it pre-bundled as `node_modules/date-holidays` beside the handler; locally
 * Node resolves the installed package. Loaded with `require`, synchronously, so the SLA engine
 * stays synchronous.
 */
export function holidayEngine(): HolidaysConstructor {
  if (!engine) {
    // A require function of our own: esbuild leaves it alone, so the package is not inlined.
    const loadAtRunTime = createRequire(import.meta.url)
    // The package's CommonJS entry exports the class itself.
    engine = loadAtRunTime(holidayEnginePackage) as HolidaysConstructor
  }
  return engine
}
