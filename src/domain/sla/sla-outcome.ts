import { Severity } from '#src/domain/vocabulary.ts'
import * as z from '#src/zod.ts'
import { SlaTarget } from './sla-clock.ts'

/**
 * The final outcome of one SLA clock, as the case event written in the same transaction carries it
 * in `details.slaOutcomes` (docs/metrics.md): each outcome on exactly one event, a repeating target
 * (next reply, periodic update) once per cycle. It tells the metrics everything they count, so they
 * never read the case for it. Only the shape lives here, free of the business-time engine.
 */
export const SlaOutcome = z.object({
  target: SlaTarget,
  outcome: z.enum(['met', 'breached']),
  /** Business minutes the clock counted, pauses excluded. */
  businessMinutes: z.number().check(z.minimum(0)),
  /** The case's severity when the clock ended. */
  severity: Severity,
})
export type SlaOutcome = z.infer<typeof SlaOutcome>

/** The target kinds an outcome may have, in the order reports list them. */
export const slaOutcomeTargets = SlaOutcome.shape.target.options

/**
 * The well-formed outcomes in an event's details; anything else there is ignored, as a malformed
 * entry cannot become valid on a retry.
 */
export function slaOutcomesOf(details: Readonly<Record<string, unknown>> | undefined): SlaOutcome[] {
  const listed = details?.slaOutcomes
  if (!Array.isArray(listed)) return []
  return listed.flatMap((entry) => {
    const parsed = SlaOutcome.safeParse(entry)
    return parsed.success ? [parsed.data] : []
  })
}
