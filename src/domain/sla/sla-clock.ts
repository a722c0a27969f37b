import * as z from 'zod'

// The first-response SLA of one case, as stored on the case: enough to recompute its deadline at
// any time (start, target, calendar, pauses), plus what has happened to it. Only the shapes live
// here, free of the business-time engine (case-sla.ts), so a module that only parses or shows cases
// does not load the engine and its time-zone library (docs/sla.md).

/** `stopped`: the case was closed or cancelled before support responded (neither met nor breached). */
export const SlaState = z.enum(['running', 'paused', 'met', 'breached', 'stopped'])

export const SlaClock = z.object({
  calendarId: z.string(),
  targetMinutes: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  /** Waiting on the customer holds the clock; an open pause has no end yet. */
  pauses: z.array(z.object({ start: z.iso.datetime(), end: z.iso.datetime().optional() })),
  /** null while an open pause holds the clock before the target is used up. */
  dueAt: z.iso.datetime().nullable(),
  state: SlaState,
  metAt: z.iso.datetime().optional(),
  /** The case was closed or cancelled before any response: the clock no longer runs. */
  stoppedAt: z.iso.datetime().optional(),
  breachedAt: z.iso.datetime().optional(),
  warnedAt: z.iso.datetime().optional(),
})
export type SlaClock = z.infer<typeof SlaClock>

/** The `sla` object of a case in the API. */
export const SlaView = z.object({
  calendarId: z.string(),
  targetMinutes: z.number(),
  dueAt: z.iso.datetime().nullable(),
  firstResponseAt: z.iso.datetime().nullable(),
  state: SlaState,
  businessMinutesElapsed: z.number(),
  businessMinutesRemaining: z.number(),
  pausedSince: z.iso.datetime().optional(),
})
export type SlaView = z.infer<typeof SlaView>
