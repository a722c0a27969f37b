import type { CaseStatus, Severity } from '#src/domain/vocabulary.ts'
import {
  addBusinessMinutes,
  type BusinessTimeExplanation,
  businessMinutesBetween,
  type Pause,
} from './business-time.ts'
import type { Calendar } from './calendar.ts'
import {
  pausedStatusesOf,
  type SlaPolicy,
  type TargetTerms,
  targetMinutesOf,
  warningShareOf,
} from './policy.ts'
import {
  type LegacySlaClock,
  nextDueAt,
  type SlaClock,
  type SlaClockReading,
  type SlaClocks,
  type SlaTarget,
  type SlaView,
  slaTargets,
} from './sla-clock.ts'
import type { SlaOutcome } from './sla-outcome.ts'

// The SLA engine: pure functions over the clocks stored on a case (sla-clock.ts holds their
// shapes). One engine for every target: a clock counts business minutes on its calendar from its
// start, stands still while paused, and ends when its event happens or the case ends
// (docs/sla.md). The use cases load what it needs (SlaContext) and persist what it decides.
export { SlaClock, SlaClocks, SlaState, SlaTarget, SlaView } from './sla-clock.ts'

/** The calendar and policy versions the engine reads, loaded before a change is decided. */
export interface SlaContext {
  terms: TargetTerms
  /** What a clock that starts now is counted on: the latest versions. */
  latest: {
    calendarId: string
    calendarVersion: number
    calendar: Calendar
    policyId: string
    policyVersion: number
    policy: SlaPolicy
  }
  /** The calendar version a clock keeps (the latest for a clock stored before versions). */
  calendarOf(clock: SlaClock): Calendar
  /** The policy version a clock keeps. */
  policyOf(clock: SlaClock): SlaPolicy
}

/** The part of a case the engine reads. */
export interface CaseSlaFacts {
  status: CaseStatus
  severity: Severity
  firstResponseAt?: string | undefined
  createdAt: string
  updatedAt: string
  slaClocks?: SlaClocks | undefined
  slaClock?: LegacySlaClock | undefined
}

/** What happened besides the change of status and severity. */
export interface SlaActivity {
  /** A public reaction by support: a public comment, acknowledge, request for information, proposal, close. */
  publicStaffUpdate?: boolean
  /** A public comment by the customer. */
  customerMessage?: boolean
}

/** Statuses in which the case is with support, so periodic updates are owed. */
const withSupport: readonly CaseStatus[] = ['new', 'open', 'in_progress']
const terminal: readonly CaseStatus[] = ['closed', 'cancelled']
/** A proposal waits for the customer: the resolution clock ended with it, and resumes if the customer reopens. */
const awaitingAnswerToProposal: readonly CaseStatus[] = ['solution_proposed', 'pending_closure']
/** Targets that pause with the case (periodic updates restart instead: they are only owed while the case is with support). */
const pausingTargets: readonly SlaTarget[] = ['first_response', 'next_reply', 'resolution']

const isOpenClock = (clock: SlaClock) =>
  clock.endedAt === undefined && clock.state !== 'met' && clock.state !== 'stopped'
const openPauseOf = (clock: SlaClock) => clock.pauses.find((p) => p.end === undefined)

/** The clock's pauses for the business-time engine; an explanation names why each was (`named`). */
function pausesOf(clock: SlaClock, named?: (reason: string) => string): Pause[] {
  return clock.pauses.map((p) => ({
    start: new Date(p.start),
    ...(p.end ? { end: new Date(p.end) } : {}),
    ...(p.reason && named ? { reason: named(p.reason) } : {}),
  }))
}

/** The explanation's words for a pause (skipped intervals name it). */
function pauseReasonText(reason: string): string {
  switch (reason) {
    case 'waiting_on_customer':
      return 'waiting on the customer'
    case 'solution_proposed':
      return 'a solution was proposed, awaiting the customer'
    case 'pending_closure':
      return 'pending closure'
    default:
      return reason
  }
}

function dueAfter(clock: SlaClock, calendar: Calendar, minutes: number, named?: (reason: string) => string) {
  return addBusinessMinutes({
    start: new Date(clock.startedAt),
    minutes,
    calendar,
    pauses: pausesOf(clock, named),
  })
}

/** The clock's deadline and warning time, computed again from its start, target and pauses. */
function recompute(clock: SlaClock, context: SlaContext): SlaClock {
  if (!isOpenClock(clock)) return clock
  const calendar = context.calendarOf(clock)
  const dueAt = dueAfter(clock, calendar, clock.targetMinutes).dueAt?.toISOString() ?? null
  const next: SlaClock = { ...clock, dueAt }
  if (clock.warnedAt || clock.state === 'breached') {
    delete next.warnAt
    return next
  }
  const warningMinutes = Math.floor(clock.targetMinutes * warningShareOf(context.policyOf(clock)))
  next.warnAt = dueAfter(clock, calendar, warningMinutes).dueAt?.toISOString() ?? null
  return next
}

/** A deadline that passed before `at` is a breach, dated at the deadline. */
function settleBreach(clock: SlaClock, at: string): SlaClock {
  if (!isOpenClock(clock) || clock.state === 'breached' || clock.dueAt === null || clock.dueAt >= at)
    return clock
  const { warnAt: _, ...rest } = clock
  return { ...rest, state: 'breached', breachedAt: clock.dueAt }
}

/** A clock that starts now on the latest calendar and policy versions. */
export function startClock(at: string, targetMinutes: number, context: SlaContext, cycle?: number): SlaClock {
  const { latest } = context
  const clock: SlaClock = {
    calendarId: latest.calendarId,
    calendarVersion: latest.calendarVersion,
    policyId: latest.policyId,
    policyVersion: latest.policyVersion,
    targetMinutes,
    startedAt: at,
    pauses: [],
    dueAt: null,
    state: 'running',
    ...(cycle === undefined ? {} : { cycle }),
  }
  return recompute(clock, context)
}

function pause(clock: SlaClock, at: string, reason: string, context: SlaContext): SlaClock {
  if (!isOpenClock(clock) || openPauseOf(clock)) return clock
  const paused: SlaClock = {
    ...clock,
    pauses: [...clock.pauses, { start: at, reason }],
    state: clock.state === 'breached' ? 'breached' : 'paused',
  }
  return recompute(paused, context)
}

function resume(clock: SlaClock, at: string, context: SlaContext): SlaClock {
  if (!isOpenClock(clock) || !openPauseOf(clock)) return clock
  const resumed: SlaClock = {
    ...clock,
    pauses: clock.pauses.map((p) => (p.end === undefined ? { ...p, end: at } : p)),
    state: clock.state === 'breached' ? 'breached' : 'running',
  }
  return recompute(resumed, context)
}

/** The clock's event happened (`answered`), or the case ended first (`stopped`). */
function end(clock: SlaClock, at: string, how: 'answered' | 'stopped'): SlaClock {
  if (!isOpenClock(clock)) return clock
  const settled = settleBreach(clock, at)
  const { warnAt: _, ...rest } = settled
  return {
    ...rest,
    pauses: settled.pauses.map((p) => (p.end === undefined ? { ...p, end: at } : p)),
    endedAt: at,
    state: settled.state === 'breached' ? 'breached' : how === 'answered' ? 'met' : 'stopped',
  }
}

/**
 * A new target from the same start, keeping every pause: the deadline is computed again, and a
 * breach stands only if the new deadline has passed too.
 */
function retarget(clock: SlaClock, targetMinutes: number, at: string, context: SlaContext): SlaClock {
  if (!isOpenClock(clock) || clock.targetMinutes === targetMinutes) return clock
  const { breachedAt: _, ...rest } = clock
  const state = openPauseOf(clock) ? 'paused' : 'running'
  return settleBreach(recompute({ ...rest, targetMinutes, state }, context), at)
}

/**
 * The customer reopened after a proposal: the resolution clock counts again, and the time the
 * proposal waited for an answer becomes a pause, so reopening never counts that time.
 */
function reopen(clock: SlaClock, at: string, context: SlaContext): SlaClock {
  if (clock.endedAt === undefined || clock.state === 'stopped') return clock
  const { endedAt, ...rest } = clock
  const reopened: SlaClock = {
    ...rest,
    pauses: [...clock.pauses, { start: endedAt, end: at, reason: 'solution_proposed' }],
    state: clock.state === 'breached' ? 'breached' : 'running',
  }
  return recompute(reopened, context)
}

/** A case's clocks; a case stored before there were several has its first-response clock only. */
export function clocksOf(c: CaseSlaFacts): SlaClocks {
  if (c.slaClocks) return c.slaClocks
  const legacy = c.slaClock
  if (!legacy) return {}
  const { metAt, stoppedAt, ...clock } = legacy
  const endedAt = metAt ?? stoppedAt ?? (legacy.state === 'breached' ? c.firstResponseAt : undefined)
  return { first_response: { ...clock, ...(endedAt ? { endedAt } : {}) } }
}

/** The clocks a case starts with when it is filed: first response and resolution, as its policy sets them. */
export function initialClocks(c: CaseSlaFacts, context: SlaContext): SlaClocks {
  const clocks: SlaClocks = {}
  for (const target of ['first_response', 'resolution'] as const) {
    const minutes = targetMinutesOf(context.latest.policy, target, context.terms, c.severity)
    if (minutes !== undefined) clocks[target] = startClock(c.createdAt, minutes, context)
  }
  return clocks
}

export interface FollowedClocks {
  clocks: SlaClocks
  /** Outcomes that became final with this change (docs/sla.md, "Metrics"). */
  outcomes: SlaOutcome[]
  /** Whether any clock changed. */
  changed: boolean
}

/** The clocks of one change as they are being followed, and the outcomes that became final. */
function clockChange(before: CaseSlaFacts, after: CaseSlaFacts, context: SlaContext) {
  const at = after.updatedAt
  const clocks: SlaClocks = { ...clocksOf(before) }
  const ended = terminal.includes(after.status)
  const outcomes: SlaOutcome[] = []
  const outcomeOf = (target: SlaTarget, clock: SlaClock) => {
    if (clock.state !== 'met' && clock.state !== 'breached') return
    const businessMinutes = elapsedMinutes(clock, context.calendarOf(clock), new Date(clock.endedAt ?? at))
    outcomes.push({ target, outcome: clock.state, businessMinutes, severity: after.severity })
  }
  const update = (target: SlaTarget, change: (clock: SlaClock) => SlaClock) => {
    const clock = clocks[target]
    if (!clock) return
    const next = change(clock)
    clocks[target] = next
    // A resolution that ends may still be reopened: its outcome is final when the case ends.
    if (target !== 'resolution' && clock.endedAt === undefined && next.endedAt !== undefined)
      outcomeOf(target, next)
  }
  const minutesFor = (target: SlaTarget, clock: SlaClock | undefined) =>
    targetMinutesOf(
      clock ? context.policyOf(clock) : context.latest.policy,
      target,
      context.terms,
      after.severity,
    )
  const result = (): FollowedClocks => {
    const previous = clocksOf(before)
    const changed =
      slaTargets.some((target) => previous[target] !== clocks[target]) ||
      (!before.slaClocks && before.slaClock !== undefined)
    return { clocks, outcomes, changed }
  }
  return { at, clocks, ended, update, minutesFor, outcomeOf, result }
}
type ClockChange = ReturnType<typeof clockChange>

/** A deadline already passed is a breach dated at it; a new severity retargets every open clock from its start. */
function settleAndRetarget(
  change: ClockChange,
  before: CaseSlaFacts,
  after: CaseSlaFacts,
  context: SlaContext,
) {
  const { at, clocks, update, minutesFor } = change
  for (const target of slaTargets) update(target, (clock) => settleBreach(clock, at))
  if (after.severity === before.severity) return
  for (const target of slaTargets) {
    update(target, (clock) => {
      const minutes = minutesFor(target, clock)
      return minutes === undefined ? end(clock, at, 'stopped') : retarget(clock, minutes, at, context)
    })
  }
  const minutes = minutesFor('resolution', undefined)
  if (!clocks.resolution && minutes !== undefined && !change.ended) {
    clocks.resolution = startClock(at, minutes, context)
  }
}

/** A customer's comment starts a next-reply clock; support's updates (or a new severity) the next periodic one. */
function startCycles(change: ClockChange, after: CaseSlaFacts, context: SlaContext, activity: SlaActivity) {
  const { at, clocks, minutesFor } = change
  if (change.ended) return
  const firstResponseOpen = clocks.first_response !== undefined && isOpenClock(clocks.first_response)
  const nextReply = clocks.next_reply
  if (activity.customerMessage && !firstResponseOpen && !(nextReply && isOpenClock(nextReply))) {
    const minutes = minutesFor('next_reply', undefined)
    if (minutes !== undefined)
      clocks.next_reply = startClock(at, minutes, context, (nextReply?.cycle ?? 0) + 1)
  }
  const periodic = clocks.periodic_update
  if (after.firstResponseAt && withSupport.includes(after.status) && !(periodic && isOpenClock(periodic))) {
    const minutes = minutesFor('periodic_update', undefined)
    if (minutes !== undefined) {
      clocks.periodic_update = startClock(at, minutes, context, (periodic?.cycle ?? 0) + 1)
    }
  }
}

/**
 * The clocks after a change of the severity alone (an edit: no status moves, nobody is told
 * anything): the first rules of `followClocks`, apart so that editing a case carries no more of
 * the engine than it needs (docs/performance.md).
 */
export function retargetClocks(
  before: CaseSlaFacts,
  after: CaseSlaFacts,
  context: SlaContext,
): FollowedClocks {
  const change = clockChange(before, after, context)
  settleAndRetarget(change, before, after, context)
  startCycles(change, after, context, {})
  return change.result()
}

/**
 * Brings a case's clocks in line with a change of the case (docs/sla.md): a deadline already
 * passed is a breach dated at it; a new severity retargets every open clock from its start; a
 * public reaction by support answers first response, next reply and the periodic update (and the
 * resolution, if it proposes a solution or closes); the policy's paused statuses pause and resume;
 * reopening after a proposal resumes the resolution clock; the end of the case ends every clock;
 * a customer's comment starts a next-reply clock, and support's updates start the next periodic one.
 */
export function followClocks(
  before: CaseSlaFacts,
  after: CaseSlaFacts,
  context: SlaContext,
  activity: SlaActivity = {},
): FollowedClocks {
  const change = clockChange(before, after, context)
  const { at, clocks, ended, update } = change
  settleAndRetarget(change, before, after, context)

  if (activity.publicStaffUpdate) {
    for (const target of ['first_response', 'next_reply', 'periodic_update'] as const) {
      update(target, (clock) => end(clock, at, 'answered'))
    }
    if (after.status === 'solution_proposed' || after.status === 'closed') {
      update('resolution', (clock) => end(clock, at, 'answered'))
    }
  }

  const leftProposal =
    awaitingAnswerToProposal.includes(before.status) && !awaitingAnswerToProposal.includes(after.status)
  if (leftProposal && !ended) {
    // The clock was ended while the proposal waited, so a severity change then did not retarget it:
    // it counts on with the target of the severity the case has now.
    update('resolution', (clock) => {
      const reopened = reopen(clock, at, context)
      if (reopened === clock) return clock
      const minutes = change.minutesFor('resolution', reopened)
      return minutes === undefined ? end(reopened, at, 'stopped') : retarget(reopened, minutes, at, context)
    })
  }

  for (const target of pausingTargets) {
    update(target, (clock) => {
      const paused = pausedStatusesOf(context.policyOf(clock)).includes(after.status)
      return paused ? pause(clock, at, after.status, context) : resume(clock, at, context)
    })
  }

  if (ended) for (const target of slaTargets) update(target, (clock) => end(clock, at, 'stopped'))
  startCycles(change, after, context, activity)

  const justEnded = ended && !terminal.includes(before.status)
  if (justEnded && clocks.resolution) change.outcomeOf('resolution', clocks.resolution)
  return change.result()
}

/** Business minutes the clock counted from its start to its end, or to `now` while it is open. */
export function elapsedMinutes(clock: SlaClock, calendar: Calendar, now: Date): number {
  const start = new Date(clock.startedAt)
  const endAt = clock.endedAt ? new Date(clock.endedAt) : now
  return businessMinutesBetween({
    from: start,
    to: endAt < start ? start : endAt,
    calendar,
    pauses: pausesOf(clock),
  })
}

/** The state a client sees at `now`: a counting clock past its deadline reads as breached before its timer fires. */
function stateAt(clock: SlaClock, now: Date): SlaClock['state'] {
  const overdue =
    isOpenClock(clock) &&
    clock.state !== 'breached' &&
    clock.dueAt !== null &&
    now.toISOString() > clock.dueAt
  return overdue ? 'breached' : clock.state
}

/** The warning the assignee gets: not yet given, and due at `warnAt`. */
export function warningDue(clock: SlaClock, now: Date): boolean {
  return clock.state === 'running' && !clock.warnedAt && !!clock.warnAt && clock.warnAt <= now.toISOString()
}

/** The deadline passed without the clock's event. */
export function breachDue(clock: SlaClock, now: Date): boolean {
  return (
    isOpenClock(clock) &&
    clock.state !== 'breached' &&
    clock.dueAt !== null &&
    clock.dueAt <= now.toISOString()
  )
}

export function markWarned(clock: SlaClock, at: string): SlaClock {
  const { warnAt: _, ...rest } = clock
  return { ...rest, warnedAt: at }
}

export function markBreached(clock: SlaClock): SlaClock {
  const { warnAt: _, ...rest } = clock
  return { ...rest, state: 'breached', breachedAt: clock.dueAt ?? undefined } as SlaClock
}

/**
 * The `sla` object of a case at `now`: the first-response clock's reading as before, and every
 * clock in brief. Only the first-response clock's elapsed time is computed (list pages show it).
 */
export function describeSla(c: CaseSlaFacts, calendar: Calendar, now: Date): SlaView | undefined {
  const clocks = clocksOf(c)
  const first = clocks.first_response
  if (!first) return undefined
  const elapsed = elapsedMinutes(first, calendar, first.endedAt ? new Date(first.endedAt) : now)
  const openPause = openPauseOf(first)
  const summary = slaTargets.flatMap((target) => {
    const clock = clocks[target]
    return clock ? [{ target, state: stateAt(clock, now), dueAt: clock.dueAt }] : []
  })
  return {
    calendarId: first.calendarId,
    targetMinutes: first.targetMinutes,
    dueAt: first.dueAt,
    firstResponseAt: c.firstResponseAt ?? null,
    state: stateAt(first, now),
    businessMinutesElapsed: elapsed,
    businessMinutesRemaining: Math.max(0, first.targetMinutes - elapsed),
    ...(openPause && first.state === 'paused' ? { pausedSince: openPause.start } : {}),
    nextDueAt: nextDueAt(clocks),
    clocks: summary,
  }
}

/** One clock in full at `now`, with the explanation of its deadline (or of its count, once ended). */
export function readClock(
  target: SlaTarget,
  clock: SlaClock,
  calendar: Calendar,
  now: Date,
): SlaClockReading & { explanation: BusinessTimeExplanation } {
  const elapsed = elapsedMinutes(clock, calendar, now)
  const openPause = openPauseOf(clock)
  return {
    target,
    state: stateAt(clock, now),
    targetMinutes: clock.targetMinutes,
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    warnAt: clock.warnAt ?? null,
    businessMinutesElapsed: elapsed,
    businessMinutesRemaining: Math.max(0, clock.targetMinutes - elapsed),
    ...(openPause && isOpenClock(clock) ? { pausedSince: openPause.start } : {}),
    ...(clock.endedAt ? { endedAt: clock.endedAt } : {}),
    ...(clock.breachedAt ? { breachedAt: clock.breachedAt } : {}),
    ...(clock.warnedAt ? { warnedAt: clock.warnedAt } : {}),
    ...(clock.cycle ? { cycle: clock.cycle } : {}),
    calendar: { id: clock.calendarId, version: clock.calendarVersion ?? null },
    policy: { id: clock.policyId ?? null, version: clock.policyVersion ?? null },
    // An open clock explains its deadline; an ended one what it counted up to its end.
    explanation: dueAfter(clock, calendar, clock.endedAt ? elapsed : clock.targetMinutes, pauseReasonText)
      .explanation,
  }
}
