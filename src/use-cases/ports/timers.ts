// The timer port: one-time schedules per case and timer kind (EventBridge Scheduler in AWS).
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { TimerKind } from '#src/domain/timers.ts'

/** What a timer delivers to the timer handler when it fires: the schedule's input, verbatim. */
export interface TimerFired {
  caseId: string
  kind: TimerKind
  /** When the timer was meant to fire, ISO 8601 UTC. */
  dueAt: string
}

/**
 * One-time timers, at most one per case and kind (the name is deterministic), so setting a timer
 * again replaces it and clearing it twice is harmless. EventBridge Scheduler in AWS; a local
 * endpoint that speaks the Scheduler API on a laptop.
 */
export interface TimerScheduler {
  /** Creates the timer, or moves it to `dueAt` if it exists. */
  set(timer: TimerFired): Promise<void>
  /** Deletes the timer if it exists. */
  clear(caseId: string, kind: TimerKind): Promise<void>
}
