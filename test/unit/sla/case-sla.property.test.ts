import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addBusinessMinutes, businessMinutesBetween, type Pause } from '#src/domain/sla/business-time.ts'
import {
  type Calendar,
  type DayHours,
  followTheSunCalendar,
  viennaCalendar,
} from '#src/domain/sla/calendar.ts'
import {
  breachDue,
  elapsedMinutes,
  markBreached,
  markWarned,
  type SlaClock,
  type SlaClocks,
  type SlaTarget,
  warningDue,
} from '#src/domain/sla/case-sla.ts'
import {
  defaultSlaPolicy,
  type PausableStatus,
  type SlaPolicy,
  type TargetTerms,
  targetMinutesOf,
  warningShareOf,
} from '#src/domain/sla/policy.ts'
import { slaTargets } from '#src/domain/sla/sla-clock.ts'
import {
  activeCaseStatuses,
  type CaseStatus,
  type Severity,
  terminalCaseStatuses,
} from '#src/domain/vocabulary.ts'
import { type CaseChange, change, fileCase, type SlaCase, slaContext } from './sla-fixtures.ts'

/**
 * Laws of the SLA engine (case-sla.ts), checked on random but plausible case histories: the
 * lifecycle's actions (docs/architecture.md) at random moments of 2026–2027 on the seeded
 * calendars, with random policies, severity changes, late timers and a new calendar and policy
 * version published halfway through.
 */

const minuteMs = 60_000
/** Runs per property; `SLA_PROPERTY_RUNS=5000` searches deeper (minutes instead of seconds, hence the long timeout). */
const runs = (numRuns: number) => ({ numRuns: Number(process.env.SLA_PROPERTY_RUNS ?? numRuns) })
const timeout = 600_000
const severities: readonly Severity[] = ['critical', 'urgent', 'standard', 'low']
const terminal: readonly CaseStatus[] = terminalCaseStatuses
const awaitingAnswer: readonly CaseStatus[] = ['solution_proposed', 'pending_closure']
const active: readonly CaseStatus[] = activeCaseStatuses

// ---------------------------------------------------------------------------------------------
// Calendars and policies: version 1 and the version 2 published mid-history.

const hours = (start: string, end: string): DayHours => [{ start, end }]

/** Each seeded calendar and a later version of it: longer hours, so a clock read on the wrong version shows. */
const calendarVersions: ReadonlyArray<readonly [Calendar, Calendar]> = [
  [
    viennaCalendar,
    {
      ...viennaCalendar,
      weeklyHours: {
        ...viennaCalendar.weeklyHours,
        fri: hours('08:00', '17:00'),
        sat: hours('09:00', '13:00'),
      },
    },
  ],
  [followTheSunCalendar, { ...followTheSunCalendar, unionOf: followTheSunCalendar.unionOf.slice(0, 2) }],
]

const pausable: readonly PausableStatus[] = ['waiting_on_customer', 'solution_proposed', 'pending_closure']

type Targets = NonNullable<SlaPolicy['resolutionMinutes']>

/** Targets for some severities only (a severity left out has no such target), possibly halved. */
function someTargets(targets: Targets, kept: readonly Severity[], halved: boolean): Targets {
  const level = (bySeverity: Targets['premium']) =>
    Object.fromEntries(
      Object.entries(bySeverity ?? {})
        .filter(([severity]) => kept.includes(severity as Severity))
        .map(([severity, minutes]) => [severity, halved ? Math.ceil(minutes / 2) : minutes]),
    )
  return { premium: level(targets.premium), standard: level(targets.standard) }
}

/** The default targets, some left out or halved, with a random warning share and paused statuses. */
const policyArb: fc.Arbitrary<SlaPolicy> = fc
  .record({
    warningPercent: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
    pausedStatuses: fc.option(fc.subarray([...pausable]), { nil: undefined }),
    halved: fc.boolean(),
    nextReply: fc.subarray([...severities]),
    periodicUpdate: fc.subarray([...severities]),
    resolution: fc.subarray([...severities]),
  })
  .map(({ warningPercent, pausedStatuses, halved, ...kept }) => {
    const { warningPercent: _, pausedStatuses: __, ...rest } = defaultSlaPolicy
    const all = severities
    return {
      ...rest,
      firstResponseMinutes: someTargets(
        defaultSlaPolicy.firstResponseMinutes,
        all,
        halved,
      ) as SlaPolicy['firstResponseMinutes'],
      nextReplyMinutes: someTargets(defaultSlaPolicy.nextReplyMinutes ?? {}, kept.nextReply, halved),
      // The default sets periodic updates only for critical and urgent, as often as a first response: so for all.
      periodicUpdateMinutes: someTargets(defaultSlaPolicy.firstResponseMinutes, kept.periodicUpdate, halved),
      resolutionMinutes: someTargets(defaultSlaPolicy.resolutionMinutes ?? {}, kept.resolution, halved),
      ...(warningPercent === undefined ? {} : { warningPercent }),
      ...(pausedStatuses === undefined ? {} : { pausedStatuses }),
    }
  })

// ---------------------------------------------------------------------------------------------
// Plausible histories: the lifecycle's actions, in statuses that allow them.

type ActionName =
  | 'acknowledge'
  | 'start'
  | 'request_info'
  | 'propose_solution'
  | 'staff_close'
  | 'staff_comment'
  | 'customer_comment'
  | 'customer_close'
  | 'cancel'
  | 'reopen'
  | 'mark_pending_closure'
  | 'auto_close'
  | 'change_severity'
  | 'timers'

interface ActionRule {
  from: readonly CaseStatus[]
  to?: (status: CaseStatus) => CaseStatus
  staff?: true
  customer?: true
}

/** The transition table (src/domain/lifecycle.ts) as changes of the case, plus comments, edits and timers. */
const actions: Record<ActionName, ActionRule> = {
  acknowledge: { from: ['new'], to: () => 'open', staff: true },
  start: { from: ['new', 'open', 'waiting_on_customer'], to: () => 'in_progress' },
  request_info: { from: ['new', 'open', 'in_progress'], to: () => 'waiting_on_customer', staff: true },
  propose_solution: {
    from: ['new', 'open', 'in_progress', 'waiting_on_customer'],
    to: () => 'solution_proposed',
    staff: true,
  },
  staff_close: { from: active, to: () => 'closed', staff: true },
  staff_comment: { from: active, staff: true },
  // A customer's comment on a case waiting on them is a `customer_reply`: work resumes.
  customer_comment: {
    from: active,
    to: (status) => (['waiting_on_customer', ...awaitingAnswer].includes(status) ? 'in_progress' : status),
    customer: true,
  },
  customer_close: { from: awaitingAnswer, to: () => 'closed' },
  cancel: { from: active, to: () => 'cancelled' },
  reopen: { from: awaitingAnswer, to: () => 'in_progress' },
  mark_pending_closure: { from: ['solution_proposed'], to: () => 'pending_closure' },
  auto_close: { from: ['pending_closure'], to: () => 'closed' },
  change_severity: { from: active },
  timers: { from: active },
}
const actionNames = Object.keys(actions) as ActionName[]
const endingActions: readonly ActionName[] = ['staff_close', 'customer_close', 'cancel', 'auto_close']

interface Step {
  /** Seconds since the previous step: often a few minutes, sometimes days. */
  gapSeconds: number
  /** Which of the actions allowed in the current status (modulo their number). */
  choice: number
  /** Whether the step ends the case (rarely, so that histories get long). */
  ends: boolean
  severity: Severity
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  gapSeconds: fc.oneof(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 4 * 86_400 })),
  choice: fc.nat({ max: 1000 }),
  ends: fc.integer({ min: 0, max: 11 }).map((n) => n === 0),
  severity: fc.constantFrom(...severities),
})

const historyArb = fc.record({
  versions: fc.constantFrom(...calendarVersions),
  policies: fc.tuple(policyArb, policyArb),
  serviceLevel: fc.constantFrom('premium' as const, 'standard' as const),
  severity: fc.constantFrom(...severities),
  filedAt: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 10, 1) }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 20 }),
  /** The step from which version 2 of calendar and policy is the latest. */
  publishedAt: fc.nat({ max: 20 }),
})
type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never

/** The warning and breach timers due at `at`, fired as fire-timer.ts does (running clocks only). */
function fireTimers(c: SlaCase, at: string): SlaCase {
  const now = new Date(at)
  const clocks: SlaClocks = { ...c.slaClocks }
  for (const target of slaTargets) {
    let clock = clocks[target]
    if (clock?.state !== 'running') continue
    if (warningDue(clock, now)) clock = markWarned(clock, at)
    if (breachDue(clock, now)) clock = markBreached(clock)
    clocks[target] = clock
  }
  return { ...c, slaClocks: clocks, updatedAt: at }
}

// ---------------------------------------------------------------------------------------------
// What must hold of every clock, and of every change.

const keyOf = (target: SlaTarget, clock: SlaClock) => `${target}#${clock.cycle ?? 0}@${clock.startedAt}`
const isEnded = (clock: SlaClock) => clock.endedAt !== undefined
const isOpen = (clock: SlaClock) => !isEnded(clock) && clock.state !== 'met' && clock.state !== 'stopped'
const pausesOf = (clock: SlaClock): Pause[] =>
  clock.pauses.map((p) => ({ start: new Date(p.start), ...(p.end ? { end: new Date(p.end) } : {}) }))

interface Kept {
  calendars: readonly Calendar[]
  policies: readonly SlaPolicy[]
  terms: TargetTerms
}
const calendarOf = (kept: Kept, clock: SlaClock) =>
  kept.calendars[(clock.calendarVersion ?? 1) - 1] as Calendar
const policyOf = (kept: Kept, clock: SlaClock) => kept.policies[(clock.policyVersion ?? 1) - 1] as SlaPolicy

/** Business minutes from `from` to `to` outside the given stretches, counted piece by piece without pauses. */
function minutesOutside(calendar: Calendar, from: number, to: number, stretches: readonly Pause[]): number {
  let total = 0
  let cursor = from
  for (const stretch of stretches) {
    const start = Math.min(stretch.start.getTime(), to)
    total += businessMinutesBetween({ from: new Date(cursor), to: new Date(start), calendar })
    cursor = Math.max(cursor, Math.min(stretch.end?.getTime() ?? to, to))
  }
  return total + businessMinutesBetween({ from: new Date(cursor), to: new Date(to), calendar })
}

/** The laws of one clock at `now` (the moment of the change that left it so). */
function checkClock(
  target: SlaTarget,
  clock: SlaClock,
  c: SlaCase,
  kept: Kept,
  now: string,
  settled: boolean,
) {
  const where = `${target} ${JSON.stringify(clock)}`
  const calendar = calendarOf(kept, clock)
  const ended = isEnded(clock)

  // States agree with endedAt and the pauses.
  if (clock.state === 'met' || clock.state === 'stopped') expect(ended, where).toBe(true)
  if (clock.state === 'running' || clock.state === 'paused') expect(ended, where).toBe(false)
  const open = clock.pauses.filter((p) => p.end === undefined)
  expect(open.length, where).toBeLessThanOrEqual(ended ? 0 : 1)
  if (clock.state === 'paused') expect(open.length, where).toBe(1)
  if (clock.state === 'running') expect(open.length, where).toBe(0)
  if (ended || clock.state === 'breached' || clock.warnedAt) expect(clock.warnAt, where).toBeUndefined()
  if (!ended && clock.state !== 'breached' && !clock.warnedAt) expect(clock.warnAt, where).not.toBeUndefined()
  if (clock.dueAt === null) expect(open.length > 0 || ended, where).toBe(true)

  // Pauses lie in time order after the start, one after the other.
  let previousEnd = clock.startedAt
  for (const pause of clock.pauses) {
    expect(pause.start >= previousEnd, where).toBe(true)
    if (pause.end) expect(pause.end >= pause.start, where).toBe(true)
    previousEnd = pause.end ?? pause.start
  }

  // A breach is dated at the deadline; a met or stopped clock ended in time; a breached one late.
  if (clock.state === 'breached') expect(clock.breachedAt ?? 'none', where).toBe(clock.dueAt)
  else expect(clock.breachedAt, where).toBeUndefined()
  if ((clock.state === 'met' || clock.state === 'stopped') && clock.dueAt !== null)
    expect(clock.endedAt && clock.endedAt <= clock.dueAt, where).toBe(true)
  // No change leaves a passed deadline unsettled (timers may come later; a change never does). The one
  // exception: a resolution proposed exactly at its deadline has no minute left when it is reopened.
  const proposedAtDeadline = clock.pauses.some(
    (p) => p.reason === 'solution_proposed' && p.start === clock.dueAt,
  )
  if (settled && isOpen(clock) && clock.state !== 'breached' && clock.dueAt !== null && !proposedAtDeadline)
    expect(clock.dueAt >= now, where).toBe(true)

  // Deadlines and warnings are counted on the versions the clock keeps.
  const policy = policyOf(kept, clock)
  const between = (to: string) =>
    businessMinutesBetween({
      from: new Date(clock.startedAt),
      to: new Date(to),
      calendar,
      pauses: pausesOf(clock),
    })
  if (clock.dueAt !== null) expect(between(clock.dueAt), where).toBe(clock.targetMinutes)
  if (clock.warnAt)
    expect(between(clock.warnAt), where).toBe(Math.floor(clock.targetMinutes * warningShareOf(policy)))
  if (isOpen(clock))
    expect(clock.targetMinutes, where).toBe(targetMinutesOf(policy, target, kept.terms, c.severity))

  // Paused time never counts, and what counts is never more than the business time since the start.
  const end = clock.endedAt ?? now
  const elapsed = elapsedMinutes(clock, calendar, new Date(now))
  const from = Math.floor(Date.parse(clock.startedAt) / minuteMs) * minuteMs
  const to = Math.max(from, Date.parse(end))
  expect(elapsed, where).toBe(minutesOutside(calendar, from, to, pausesOf(clock)))
  expect(elapsed, where).toBeLessThanOrEqual(minutesOutside(calendar, from, to, []))
  if (clock.state === 'met' || clock.state === 'stopped')
    expect(elapsed, where).toBeLessThanOrEqual(clock.targetMinutes)
  if (clock.state === 'breached' && ended) expect(elapsed, where).toBeGreaterThanOrEqual(clock.targetMinutes)
}

/** Runs one random history and checks every step. */
function runHistory(history: History) {
  const [v1, v2] = history.versions
  const terms: TargetTerms = { serviceLevel: history.serviceLevel }
  const kept: Kept = { calendars: [v1, v2], policies: history.policies, terms }
  const before = slaContext({ calendars: [v1], policies: history.policies.slice(0, 1), terms })
  const after = slaContext({ calendars: [v1, v2], policies: history.policies, terms })
  const filedAt = new Date(history.filedAt).toISOString()

  let c = fileCase(filedAt, history.severity, before)
  let at = history.filedAt
  const versions = new Map<string, string>()
  /** The clocks (cycles) that reached their outcome. */
  const outcomeReached = new Set<string>()
  /** `published`: whether version 2 was the latest when this change was decided. */
  const checkAll = (current: SlaCase, now: string, published: boolean, settled = true) => {
    for (const target of slaTargets) {
      const clock = current.slaClocks?.[target]
      if (!clock) continue
      checkClock(target, clock, current, kept, now, settled)
      // A clock keeps the versions it started with, whatever comes later: version 1 if it started before
      // version 2 was published, else version 2.
      const key = keyOf(target, clock)
      const pinned = `${clock.calendarVersion}/${clock.policyVersion}`
      expect(pinned, key).toBe(versions.get(key) ?? (published ? '2/2' : '1/1'))
      versions.set(key, pinned)
    }
  }
  checkAll(c, filedAt, false)

  for (const [index, step] of history.steps.entries()) {
    if (terminal.includes(c.status)) break
    at += step.gapSeconds * 1000
    const now = new Date(at).toISOString()
    const published = index >= history.publishedAt
    const context = published ? after : before

    const allowed = actionNames.filter(
      (name) => actions[name].from.includes(c.status) && endingActions.includes(name) === step.ends,
    )
    const name = allowed[step.choice % allowed.length] as ActionName
    if (name === 'timers') {
      const fired = fireTimers(c, now)
      checkAll(fired, now, published, false)
      c = fired
      continue
    }
    const rule = actions[name]
    const severity = name === 'change_severity' ? step.severity : c.severity
    const caseChange: CaseChange = {
      at: now,
      ...(rule.to ? { status: rule.to(c.status) } : {}),
      severity,
      ...(rule.staff ? { staff: true } : {}),
      ...(rule.customer ? { customer: true } : {}),
    }
    const previous = c.slaClocks ?? {}
    const { after: next, outcomes } = change(c, caseChange, context)
    const clocks = next.slaClocks ?? {}
    const justEnded = terminal.includes(next.status)
    const reopened = awaitingAnswer.includes(c.status) && !awaitingAnswer.includes(next.status) && !justEnded

    for (const target of slaTargets) {
      const was = previous[target]
      const is = clocks[target]
      const where = `${name} ${target}: ${JSON.stringify(was)} → ${JSON.stringify(is)}`
      const mine = outcomes.filter((o) => o.target === target)

      // Ended clocks never change (a resolution reopens when the customer answers a proposal; a repeating
      // target starts its next cycle).
      if (was && isEnded(was) && is !== was) {
        if (target === 'resolution') expect(reopened, where).toBe(true)
        else expect(is?.cycle, where).toBe((was.cycle ?? 0) + 1)
      }
      // Cycles count up by one, and a new one starts only when the last has ended.
      if (is && is.cycle !== undefined && is.cycle !== was?.cycle) {
        expect(is.cycle, where).toBe((was?.cycle ?? 0) + 1)
        expect(is.startedAt, where).toBe(now)
        // The last one ended before, or with this change: answered, or stopped by a new severity.
        const endsOpenClocks = rule.staff === true || name === 'change_severity'
        expect(!was || isEnded(was) || endsOpenClocks, where).toBe(true)
      }
      // Reopening after a proposal made in time never breaches the resolution at once.
      if (
        target === 'resolution' &&
        reopened &&
        was &&
        is &&
        was.state === 'met' &&
        was.endedAt !== was.dueAt
      ) {
        // Unless the case's severity changed while the proposal waited (a new target, or none).
        if (targetMinutesOf(policyOf(kept, was), target, terms, next.severity) === was.targetMinutes) {
          expect(is.state, where).toBe('running')
          expect(breachDue(is, new Date(now)), where).toBe(false)
        }
      }
      // A next reply is owed only after the first response.
      if (is && target === 'next_reply') {
        const first = clocks.first_response
        if (first) expect(first.endedAt !== undefined && first.endedAt <= is.startedAt, where).toBe(true)
      }

      // Each clock (each cycle) reaches exactly one outcome, with the change that makes it final.
      expect(mine.length, where).toBeLessThanOrEqual(1)
      if (target === 'resolution') {
        const final = justEnded && (is?.state === 'met' || is?.state === 'breached')
        expect(mine.length, where).toBe(final ? 1 : 0)
        if (final && is) {
          expect(mine[0], where).toEqual({
            target,
            outcome: is.state,
            businessMinutes: elapsedMinutes(is, calendarOf(kept, is), new Date(now)),
            severity: next.severity,
          })
        }
      } else {
        const endedNow =
          was !== undefined &&
          isOpen(was) &&
          (is !== undefined && is.cycle === was.cycle ? isEnded(is) : true)
        // A cycle replaced within the change ended with it: answered by support, or stopped (its kept
        // policy sets no target for the new severity, the latest one does).
        const endState = is && was && is.cycle === was.cycle ? is.state : rule.staff ? 'met' : 'stopped'
        const late =
          was !== undefined && (was.state === 'breached' || (was.dueAt !== null && was.dueAt < now))
        const final = endedNow && (endState !== 'stopped' || late)
        expect(mine.length, where).toBe(final ? 1 : 0)
        if (final && was) {
          expect(mine[0], where).toEqual({
            target,
            outcome: late ? 'breached' : 'met',
            businessMinutes: elapsedMinutes(was, calendarOf(kept, was), new Date(now)),
            severity: next.severity,
          })
        }
      }
      if (mine.length > 0) {
        const clock = target === 'resolution' ? is : was
        if (!clock) throw new Error(`${where}: an outcome without a clock`)
        const key = keyOf(target, clock)
        expect(outcomeReached.has(key), `${key} reached a second outcome`).toBe(false)
        outcomeReached.add(key)
      }
    }
    // The end of the case ends every clock.
    if (justEnded) for (const clock of Object.values(clocks)) expect(isEnded(clock), name).toBe(true)

    checkAll(next, now, published)
    c = next
  }
}

// ---------------------------------------------------------------------------------------------
// Pauses and retargeting, on clocks that wait on the customer and come back at random moments.

const vienna = slaContext({ calendars: [viennaCalendar] })
const followTheSun = slaContext({ calendars: [followTheSunCalendar] })

/** Waiting on the customer and back, `[waitAfter, backAfter]` seconds after the previous change (0: at once). */
const waitsArb = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 3 * 86_400 }),
    fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 86_400 })),
  ),
  { minLength: 1, maxLength: 3 },
)
const pauseScenarioArb = fc.record({
  context: fc.constantFrom(vienna, followTheSun),
  filedAt: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 10, 1) }),
  severity: fc.constantFrom(...severities),
  waits: waitsArb,
  /** Seconds after the last change at which the clock is read or retargeted. */
  later: fc.integer({ min: 0, max: 3 * 86_400 }),
})

/** The status changes of the waits (engine-level: no public reaction, so every clock pauses). */
function waitChanges(filedAt: number, waits: ReadonlyArray<readonly [number, number]>) {
  const steps: CaseChange[] = []
  let at = filedAt
  for (const [waitAfter, backAfter] of waits) {
    at += waitAfter * 1000
    steps.push({ at: new Date(at).toISOString(), status: 'waiting_on_customer' })
    at += backAfter * 1000
    steps.push({ at: new Date(at).toISOString(), status: 'in_progress' })
  }
  return { steps, lastAt: at }
}

/** The pauses merged as one set: touching or overlapping stretches become one. */
function merged(pauses: readonly Pause[]): Pause[] {
  const result: Pause[] = []
  for (const pause of pauses) {
    const last = result.at(-1)
    if (last?.end && pause.start.getTime() <= last.end.getTime()) {
      if (!pause.end || pause.end > last.end) last.end = pause.end
    } else result.push({ ...pause })
  }
  return result
}

const clockAt = (c: SlaCase, target: 'first_response' | 'resolution') => {
  const clock = c.slaClocks?.[target]
  if (!clock) throw new Error(`no ${target} clock`)
  return clock
}

describe('pauses and retargeting (property)', { timeout }, () => {
  it('never counts paused time: elapsed minutes with pauses are those of the stretches between them', () => {
    fc.assert(
      fc.property(pauseScenarioArb, ({ context, filedAt, severity, waits, later }) => {
        // Arrange
        const filed = fileCase(new Date(filedAt).toISOString(), severity, context)
        const { steps, lastAt } = waitChanges(filedAt, waits)
        const now = new Date(lastAt + later * 1000)

        // Act
        let c = filed
        for (const step of steps) c = change(c, step, context).after
        const clock = clockAt(c, 'first_response')
        const calendar = context.latest.calendar

        // Assert: counted piece by piece, without pauses, skipping the paused stretches
        const from = Math.floor(filedAt / minuteMs) * minuteMs
        const expected = minutesOutside(calendar, from, now.getTime(), pausesOf(clock))
        expect(elapsedMinutes(clock, calendar, now)).toBe(expected)
        expect(expected).toBeLessThanOrEqual(minutesOutside(calendar, from, now.getTime(), []))
      }),
      runs(80),
    )
  })

  it('gives the deadline of one merged set of pauses to a clock paused and resumed again and again', () => {
    fc.assert(
      fc.property(pauseScenarioArb, ({ context, filedAt, severity, waits }) => {
        // Arrange
        const filed = fileCase(new Date(filedAt).toISOString(), severity, context)
        const { steps } = waitChanges(filedAt, waits)

        // Act
        let c = filed
        for (const step of steps) c = change(c, step, context).after

        // Assert
        for (const target of ['first_response', 'resolution'] as const) {
          const clock = clockAt(c, target)
          const once = addBusinessMinutes({
            start: new Date(clock.startedAt),
            minutes: clock.targetMinutes,
            calendar: context.latest.calendar,
            pauses: merged(pausesOf(clock)),
          })
          expect(clock.dueAt, target).toBe(once.dueAt?.toISOString())
        }
      }),
      runs(80),
    )
  })

  it('gives a clock resumed and paused again in the same instant the deadline of one long pause', () => {
    fc.assert(
      fc.property(
        pauseScenarioArb,
        fc.integer({ min: 1, max: 2 * 86_400 }),
        fc.integer({ min: 0, max: 2 * 86_400 }),
        ({ context, filedAt, severity }, first, second) => {
          // Arrange: waiting, back, and waiting again at once (a → b → a → b → a), against one wait
          const filed = fileCase(new Date(filedAt).toISOString(), severity, context)
          const at = (seconds: number) => new Date(filedAt + seconds * 1000).toISOString()
          const twice: CaseChange[] = [
            { at: at(60), status: 'waiting_on_customer' },
            { at: at(60 + first), status: 'in_progress' },
            { at: at(60 + first), status: 'waiting_on_customer' },
            { at: at(60 + first + second), status: 'in_progress' },
          ]
          const once: CaseChange[] = [
            { at: at(60), status: 'waiting_on_customer' },
            { at: at(60 + first + second), status: 'in_progress' },
          ]

          // Act
          const run = (steps: CaseChange[]) =>
            steps.reduce((c, step) => change(c, step, context).after, filed)
          const [a, b] = [run(twice), run(once)]

          // Assert
          for (const target of ['first_response', 'resolution'] as const) {
            expect(clockAt(a, target).dueAt, target).toBe(clockAt(b, target).dueAt)
            expect(clockAt(a, target).warnAt, target).toBe(clockAt(b, target).warnAt)
          }
        },
      ),
      runs(60),
    )
  })

  it('retargets from the start keeping the pauses: as if filed with the new severity; and back again as if never changed', () => {
    fc.assert(
      fc.property(
        pauseScenarioArb,
        fc.constantFrom(...severities),
        fc.integer({ min: 0, max: 86_400 }),
        ({ context, filedAt, severity, waits, later }, other, back) => {
          // Arrange: the same waits for a case filed with severity a and one filed with b; the change to
          // b (and back to a) comes `later`. The unchanged cases see a change then too (nothing but time),
          // so every case settles its deadlines at the same moments.
          const { steps, lastAt } = waitChanges(filedAt, waits)
          const toOther = new Date(lastAt + later * 1000).toISOString()
          const toSeverity = new Date(lastAt + (later + back) * 1000).toISOString()
          const run = (filedWith: Severity, more: CaseChange[]) =>
            [...steps, ...more].reduce(
              (c, step) => change(c, step, context).after,
              fileCase(new Date(filedAt).toISOString(), filedWith, context),
            )

          // Act
          const retargeted = run(severity, [{ at: toOther, severity: other }])
          const filedOther = run(other, [{ at: toOther }])
          const andBack = run(severity, [
            { at: toOther, severity: other },
            { at: toSeverity, severity },
          ])
          const unchanged = run(severity, [{ at: toOther }, { at: toSeverity }])

          // Assert
          for (const target of ['first_response', 'resolution'] as const) {
            expect(clockAt(retargeted, target), target).toEqual(clockAt(filedOther, target))
            expect(clockAt(andBack, target), target).toEqual(clockAt(unchanged, target))
          }
        },
      ),
      runs(60),
    )
  })
})

describe('SLA engine laws (property)', { timeout }, () => {
  it('keeps every clock consistent through random case histories, with one outcome per clock', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        runHistory(history)
      }),
      runs(150),
    )
  })
})
