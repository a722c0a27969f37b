import * as z from '#src/zod.ts'

// The SLA clocks of one case, as stored on the case: enough to recompute each deadline at any time
// (start, target, calendar version, pauses), plus what has happened to it. Only the shapes live
// here, free of the business-time engine (case-sla.ts), so a module that only parses or shows cases
// does not load the engine and its time-zone library (docs/sla.md).

/** What a clock measures (docs/sla.md, "Targets"). */
export const slaTargets = ['first_response', 'next_reply', 'periodic_update', 'resolution'] as const
export const SlaTarget = z.enum(slaTargets)
export type SlaTarget = z.infer<typeof SlaTarget>

/**
 * `running` counts; `paused` stands still (the case is with the customer); `met` ended in time;
 * `breached` passed its deadline (ended late, or still open); `stopped` ended in time without its
 * event (the case was closed or cancelled first): neither met nor breached.
 */
export const SlaState = z.enum(['running', 'paused', 'met', 'breached', 'stopped'])
export type SlaState = z.infer<typeof SlaState>

export const SlaPause = z.object({
  start: z.iso.datetime(),
  end: z.optional(z.iso.datetime()),
  /** Why: the status the case waited in (`waiting_on_customer`, `solution_proposed`, …). */
  reason: z.optional(z.string()),
})
export type SlaPause = z.infer<typeof SlaPause>

export const SlaClock = z.object({
  calendarId: z.string(),
  /** The calendar and policy versions in force when the clock started; it keeps them. */
  calendarVersion: z.optional(z.int()),
  policyId: z.optional(z.string()),
  policyVersion: z.optional(z.int()),
  targetMinutes: z.int().check(z.positive()),
  startedAt: z.iso.datetime(),
  pauses: z.array(SlaPause),
  /** null while an open pause holds the clock before the target is used up. */
  dueAt: z.nullable(z.iso.datetime()),
  /** When the warning is due; null while paused, absent once warned or for an ended clock. */
  warnAt: z.optional(z.nullable(z.iso.datetime())),
  state: SlaState,
  /** When the clock stopped counting for good: its event (in time or late), or the end of the case. */
  endedAt: z.optional(z.iso.datetime()),
  /** Always the deadline itself: a breach is dated at `dueAt`, not when a timer noticed it. */
  breachedAt: z.optional(z.iso.datetime()),
  warnedAt: z.optional(z.iso.datetime()),
  /** Repeating targets (next reply, periodic update): which cycle this is, from 1. */
  cycle: z.optional(z.int().check(z.positive())),
})
export type SlaClock = z.infer<typeof SlaClock>

/** A case's clocks, one per target its policy sets (the current cycle of a repeating one). */
export const SlaClocks = z.object({
  first_response: z.optional(SlaClock),
  next_reply: z.optional(SlaClock),
  periodic_update: z.optional(SlaClock),
  resolution: z.optional(SlaClock),
})
export type SlaClocks = z.infer<typeof SlaClocks>

/** The soonest deadline among the clocks that count (running), for the queue's order. */
export function nextDueAt(clocks: SlaClocks): string | null {
  let soonest: string | null = null
  for (const target of slaTargets) {
    const clock = clocks[target]
    if (clock?.state === 'running' && clock.dueAt && (soonest === null || clock.dueAt < soonest))
      soonest = clock.dueAt
  }
  return soonest
}

/** The single first-response clock cases were stored with before they had several (read, never written). */
export const LegacySlaClock = z.extend(SlaClock, {
  metAt: z.optional(z.iso.datetime()),
  stoppedAt: z.optional(z.iso.datetime()),
})
export type LegacySlaClock = z.infer<typeof LegacySlaClock>

/** One clock in a case's compact summary. */
export const SlaClockSummary = z.object({
  target: SlaTarget,
  state: SlaState,
  dueAt: z.nullable(z.iso.datetime()),
})

/**
 * The `sla` object of a case in the API: the first-response clock's reading (the fields clients
 * had before there were more clocks) and every clock in brief, with the soonest deadline of a
 * counting one.
 */
export const SlaView = z.object({
  calendarId: z.string(),
  targetMinutes: z.number(),
  dueAt: z.nullable(z.iso.datetime()),
  firstResponseAt: z.nullable(z.iso.datetime()),
  state: SlaState,
  businessMinutesElapsed: z.number(),
  businessMinutesRemaining: z.number(),
  pausedSince: z.optional(z.iso.datetime()),
  /** The soonest deadline of a clock that is counting (running), or null. */
  nextDueAt: z.optional(z.nullable(z.iso.datetime())),
  clocks: z.optional(z.array(SlaClockSummary)),
})
export type SlaView = z.infer<typeof SlaView>

/** One clock as `GET /v1/cases/{caseId}/sla` shows it (without its explanation; its schema is the API's). */
export interface SlaClockReading {
  target: SlaTarget
  state: SlaState
  targetMinutes: number
  startedAt: string
  dueAt: string | null
  warnAt: string | null
  businessMinutesElapsed: number
  businessMinutesRemaining: number
  pausedSince?: string
  endedAt?: string
  breachedAt?: string
  warnedAt?: string
  cycle?: number
  calendar: { id: string; version: number | null }
  policy: { id: string | null; version: number | null }
}
