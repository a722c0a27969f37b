import * as z from '#src/zod.ts'

// The first-response SLA of one case, as stored on the case: enough to recompute its deadline at
// any time (start, target, calendar, pauses), plus what has happened to it. Only the shapes live
// here, free of the business-time engine (case-sla.ts), so a module that only parses or shows cases
// does not load the engine and its time-zone library (docs/sla.md).

/** `stopped`: the case was closed or cancelled before support responded (neither met nor breached). */
export const SlaState = z.enum(['running', 'paused', 'met', 'breached', 'stopped'])

export const SlaClock = z.object({
  calendarId: z.string(),
  targetMinutes: z.int().check(z.positive()),
  startedAt: z.iso.datetime(),
  /** Waiting on the customer holds the clock; an open pause has no end yet. */
  pauses: z.array(z.object({ start: z.iso.datetime(), end: z.optional(z.iso.datetime()) })),
  /** null while an open pause holds the clock before the target is used up. */
  dueAt: z.nullable(z.iso.datetime()),
  state: SlaState,
  metAt: z.optional(z.iso.datetime()),
  /** The case was closed or cancelled before any response: the clock no longer runs. */
  stoppedAt: z.optional(z.iso.datetime()),
  breachedAt: z.optional(z.iso.datetime()),
  warnedAt: z.optional(z.iso.datetime()),
})
export type SlaClock = z.infer<typeof SlaClock>

/** The `sla` object of a case in the API. */
export const SlaView = z.object({
  calendarId: z.string(),
  targetMinutes: z.number(),
  dueAt: z.nullable(z.iso.datetime()),
  firstResponseAt: z.nullable(z.iso.datetime()),
  state: SlaState,
  businessMinutesElapsed: z.number(),
  businessMinutesRemaining: z.number(),
  pausedSince: z.optional(z.iso.datetime()),
})
export type SlaView = z.infer<typeof SlaView>
