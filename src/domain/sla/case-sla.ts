import {
  addBusinessMinutes,
  type BusinessTimeExplanation,
  businessMinutesBetween,
  type Pause,
} from './business-time.ts'
import type { Calendar } from './calendar.ts'
import type { SlaClock, SlaView } from './sla-clock.ts'

// The first-response SLA engine: pure functions over the clock stored on the case (sla-clock.ts
// holds its shapes); the use cases persist the clock with the case and set the timers it implies.
export { SlaClock, SlaState, SlaView } from './sla-clock.ts'

/** At which share of the target the assignee or queue is warned. */
export const warningShare = 0.8

function pausesOf(clock: SlaClock): Pause[] {
  return clock.pauses.map((p) => ({ start: new Date(p.start), ...(p.end ? { end: new Date(p.end) } : {}) }))
}

function deadline(clock: SlaClock, calendar: Calendar, minutes = clock.targetMinutes) {
  return addBusinessMinutes({ start: new Date(clock.startedAt), minutes, calendar, pauses: pausesOf(clock) })
}

/** A new clock, started when the case was filed. */
export function startSla(input: {
  startedAt: string
  targetMinutes: number
  calendarId: string
  calendar: Calendar
}): SlaClock {
  const clock: SlaClock = {
    calendarId: input.calendarId,
    targetMinutes: input.targetMinutes,
    startedAt: input.startedAt,
    pauses: [],
    dueAt: null,
    state: 'running',
  }
  return { ...clock, dueAt: deadline(clock, input.calendar).dueAt?.toISOString() ?? null }
}

const isOpen = (clock: SlaClock) => clock.state === 'running' || clock.state === 'paused'

/** The first public staff reaction: met if in time, otherwise it stays breached. */
export function recordFirstResponse(clock: SlaClock, at: string): SlaClock {
  if (!isOpen(clock)) return clock
  const inTime = clock.dueAt === null || at <= clock.dueAt
  return inTime
    ? { ...clock, state: 'met', metAt: at }
    : { ...clock, state: 'breached', breachedAt: clock.dueAt ?? at }
}

/** Waiting on the customer: the clock stands still from `at`. */
export function pauseSla(clock: SlaClock, at: string, calendar: Calendar): SlaClock {
  if (clock.state !== 'running') return clock
  const paused = { ...clock, pauses: [...clock.pauses, { start: at }], state: 'paused' as const }
  return { ...paused, dueAt: deadline(paused, calendar).dueAt?.toISOString() ?? null }
}

/** The customer answered: the clock runs again and the deadline moves by the paused time. */
export function resumeSla(clock: SlaClock, at: string, calendar: Calendar): SlaClock {
  if (clock.state !== 'paused') return clock
  const pauses = clock.pauses.map((p) => (p.end ? p : { ...p, end: at }))
  const resumed = { ...clock, pauses, state: 'running' as const }
  return { ...resumed, dueAt: deadline(resumed, calendar).dueAt?.toISOString() ?? null }
}

/** A severity change sets a new target; an open clock gets a new deadline from the same start. */
export function retargetSla(clock: SlaClock, targetMinutes: number, calendar: Calendar): SlaClock {
  const retargeted = { ...clock, targetMinutes }
  if (!isOpen(clock)) return retargeted
  return { ...retargeted, dueAt: deadline(retargeted, calendar).dueAt?.toISOString() ?? null }
}

/** The case ended (closed or cancelled) before any response: the clock stops where it is. */
export function stopSla(clock: SlaClock, at: string): SlaClock {
  if (!isOpen(clock)) return clock
  const pauses = clock.pauses.map((p) => (p.end ? p : { ...p, end: at }))
  return { ...clock, pauses, state: 'stopped', stoppedAt: at }
}

/** When the warning is due (80 % of the target), or null while paused before it. */
export function warningAt(clock: SlaClock, calendar: Calendar): string | null {
  return (
    deadline(clock, calendar, Math.floor(clock.targetMinutes * warningShare)).dueAt?.toISOString() ?? null
  )
}

/** The deadline passed without a first response. */
export function markBreached(clock: SlaClock, at: string): SlaClock {
  return clock.state === 'running' ? { ...clock, state: 'breached', breachedAt: clock.dueAt ?? at } : clock
}

export function markWarned(clock: SlaClock, at: string): SlaClock {
  return clock.state === 'running' && !clock.warnedAt ? { ...clock, warnedAt: at } : clock
}

/** The SLA as a client sees it at `now`: a running clock past its deadline reads as breached even before the timer fires. */
export function describeSla(
  clock: SlaClock,
  firstResponseAt: string | undefined,
  calendar: Calendar,
  now: Date,
): SlaView {
  // The count ends with the first response (in time or late), or when the case ended without one.
  const endedAt = clock.metAt ?? firstResponseAt ?? clock.stoppedAt
  const end = endedAt ? new Date(endedAt) : now
  const elapsed = businessMinutesBetween({
    from: new Date(clock.startedAt),
    to: end < new Date(clock.startedAt) ? new Date(clock.startedAt) : end,
    calendar,
    pauses: pausesOf(clock),
  })
  const overdue = clock.state === 'running' && clock.dueAt !== null && now.toISOString() > clock.dueAt
  const openPause = clock.pauses.find((p) => !p.end)
  return {
    calendarId: clock.calendarId,
    targetMinutes: clock.targetMinutes,
    dueAt: clock.dueAt,
    firstResponseAt: firstResponseAt ?? null,
    state: overdue ? 'breached' : clock.state,
    businessMinutesElapsed: elapsed,
    businessMinutesRemaining: Math.max(0, clock.targetMinutes - elapsed),
    ...(openPause && clock.state === 'paused' ? { pausedSince: openPause.start } : {}),
  }
}

/** How the deadline comes about: the business intervals counted and the ones skipped, with reasons. */
export function explainSla(clock: SlaClock, calendar: Calendar): BusinessTimeExplanation {
  return deadline(clock, calendar).explanation
}
