import type { Clock } from '#src/use-cases/ports/common.ts'

/**
 * The local runtime's clock: real time plus an offset that `POST /local/clock` moves, shared by the
 * local server and the handlers it runs (one process, one module instance). Never used in AWS.
 */
let offsetMs = 0

export const localClock: Clock = { now: () => new Date(Date.now() + offsetMs) }

/** Moves the local clock so that it reads `to` now; it never goes backwards. */
export function setLocalClock(to: Date): Date {
  offsetMs = Math.max(offsetMs, to.getTime() - Date.now())
  return localClock.now()
}

export function advanceLocalClock(byMs: number): Date {
  offsetMs += Math.max(0, byMs)
  return localClock.now()
}
