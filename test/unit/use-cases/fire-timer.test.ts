import { describe, expect, it } from 'vitest'
import { type Case, escalationLevelNames } from '#src/domain/case.ts'
import { defaultSlaPolicy } from '#src/domain/sla/policy.ts'
import type { SlaTarget } from '#src/domain/sla/sla-clock.ts'
import type { TimerKind } from '#src/domain/timers.ts'
import { followCaseTimers } from '#src/use-cases/case-sla.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { type FireTimerDeps, fireTimer } from '#src/use-cases/fire-timer.ts'
import type { CaseChange } from '#src/use-cases/ports/cases.ts'
import {
  aCase,
  aContact,
  aCreateCaseInput,
  aCustomer,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  ManualClock,
  sequentialIds,
  slaFakes,
  timersOf,
} from '../fakes/core.ts'
import { InMemoryQueueSettings } from '../fakes/queues.ts'
import { aRunningClock, changedAt } from '../fakes/sla.ts'

// Filed Friday 18 December 2026, 13:00 Vienna; premium critical: warning (75 %) Monday 08:30, breach 09:00 Vienna.
const filedAt = '2026-12-18T12:00:00.000Z'
const warningDue = '2026-12-21T07:30:00.000Z'
const breachDue = '2026-12-21T08:00:00.000Z'
const proposedAt = '2026-12-18T12:30:00.000Z'
const pendingSince = '2026-12-25T12:30:00.000Z'
const day = 24 * 60 * 60 * 1000
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString()

const runningClock = aRunningClock(filedAt, 120)

/** A new critical case whose first-response clock is running. */
const unanswered = aCase({
  severity: 'critical',
  impact: 'Nobody can invoice.',
  createdAt: filedAt,
  updatedAt: filedAt,
  version: 1,
  slaClocks: { first_response: runningClock },
})
/** Support proposed a solution; the customer has not answered. */
const proposed = changedAt(
  unanswered,
  proposedAt,
  {
    status: 'solution_proposed',
    firstResponseAt: proposedAt,
    solutionProposedAt: proposedAt,
    resolution: { kind: 'workaround', summary: 'Print to PDF first.' },
  },
  { publicStaffUpdate: true },
)
/** The first-response clock as support's answer at `proposedAt` left it. */
const metClock = proposed.slaClocks?.first_response
/** Seven days without an answer: pending closure. */
const pending = aCase({ ...proposed, status: 'pending_closure', pendingClosureAt: pendingSince, version: 3 })

/** A store where another writer gets in first once: the first save finds the case changed by `meanwhile`. */
class RacedCaseStore extends InMemoryCaseStore {
  saveAttempts = 0

  constructor(
    c: Case,
    private readonly meanwhile: (current: Case) => Case,
  ) {
    super({ cases: [c] })
  }

  override async saveCaseChange(change: CaseChange): Promise<void> {
    this.saveAttempts++
    if (this.saveAttempts === 1) {
      const current = this.cases.get(change.next.id) as Case
      this.cases.set(current.id, { ...this.meanwhile(current), version: current.version + 1 })
    }
    return super.saveCaseChange(change)
  }
}

function setUp(c: Case | undefined, at: string, cases = new InMemoryCaseStore({ cases: c ? [c] : [] })) {
  const clock = new ManualClock(at)
  const sla = slaFakes()
  const deps: FireTimerDeps = { cases, clock, ids: sequentialIds('evt'), ...sla }
  // The event handler follows every write of a case item on the table stream.
  cases.onCaseWritten = (before, after) => followCaseTimers(before, after, sla)
  return { deps, cases, clock, scheduler: sla.scheduler, slaSettings: sla.slaSettings }
}

const fire = (deps: FireTimerDeps, kind: TimerKind, dueAt: string, caseId = 'case-1') =>
  fireTimer({ caseId, kind, dueAt }, deps)

const system = { userId: 'system', role: 'system' }

describe('fireTimer: sla-warning', () => {
  it('warns once the warning is due: version + 1, one internal sla.warning event, the warning timer gone', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp(unanswered, warningDue)

    // Act
    const outcome = await fire(deps, 'sla-warning', warningDue)

    // Assert
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: 2 })
    const saved = cases.cases.get('case-1') as Case
    expect(saved).toMatchObject({ version: 2, updatedAt: warningDue })
    const { warnAt: _warnAt, ...unwarned } = runningClock
    expect(saved.slaClocks?.first_response).toEqual({ ...unwarned, warnedAt: warningDue })
    expect(cases.events).toHaveLength(1)
    expect(cases.events[0]).toMatchObject({
      caseId: 'case-1',
      type: 'sla.warning',
      action: 'sla_warning',
      visibility: 'internal',
      actor: system,
      at: warningDue,
      details: { target: 'first_response', dueAt: breachDue, targetMinutes: 120 },
    })
    // The clocks are internal: the history lists no change of them, the details say what happened.
    expect(cases.events[0]?.changes).toEqual([])
    expect(scheduler.calls).toEqual([{ op: 'clear', caseId: 'case-1', kind: 'sla-warning' }])
  })

  it('ignores a warning delivered a minute early, writing nothing', async () => {
    const { deps, cases, scheduler } = setUp(unanswered, plus(warningDue, -60_000))

    const outcome = await fire(deps, 'sla-warning', warningDue)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the warning is not due (or was given)' })
    expect(cases.cases.get('case-1')).toBe(unanswered)
    expect(cases.events).toEqual([])
    expect(scheduler.calls).toEqual([])
  })

  it.each([
    [
      'answered already',
      { ...unanswered, slaClocks: { first_response: metClock }, firstResponseAt: proposedAt },
      'the warning is not due (or was given)',
    ],
    [
      'warned already',
      { ...unanswered, slaClocks: { first_response: { ...runningClock, warnedAt: warningDue } } },
      'the warning is not due (or was given)',
    ],
    ['without a clock', aCase(), 'the case has no first_response clock'],
  ])('ignores the warning of a case %s', async (_, c, reason) => {
    const { deps, cases } = setUp(c, breachDue)

    const outcome = await fire(deps, 'sla-warning', warningDue)

    expect(outcome).toEqual({ outcome: 'ignored', reason })
    expect(cases.cases.get('case-1')).toBe(c)
    expect(cases.events).toEqual([])
  })
})

describe('fireTimer: sla-breach', () => {
  it('breaches the clock at its deadline: one internal sla.breached event, both SLA timers gone', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp(unanswered, breachDue)

    // Act
    const outcome = await fire(deps, 'sla-breach', breachDue)

    // Assert
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: 2 })
    expect((cases.cases.get('case-1') as Case).slaClocks?.first_response).toMatchObject({
      state: 'breached',
      breachedAt: breachDue,
    })
    expect(cases.events).toHaveLength(1)
    expect(cases.events[0]).toMatchObject({
      type: 'sla.breached',
      action: 'sla_breach',
      visibility: 'internal',
      actor: system,
      details: { target: 'first_response', dueAt: breachDue, targetMinutes: 120 },
    })
    expect(scheduler.calls).toEqual(
      expect.arrayContaining([
        { op: 'clear', caseId: 'case-1', kind: 'sla-warning' },
        { op: 'clear', caseId: 'case-1', kind: 'sla-breach' },
      ]),
    )
    expect(scheduler.calls).toHaveLength(2)
  })

  it('still breaches when the timer is delivered late', async () => {
    const { deps, cases } = setUp(unanswered, '2026-12-23T10:00:00.000Z')

    const outcome = await fire(deps, 'sla-breach', breachDue)

    expect(outcome.outcome).toBe('applied')
    expect((cases.cases.get('case-1') as Case).slaClocks?.first_response?.breachedAt).toBe(breachDue)
  })

  it('ignores a breach delivered before the deadline', async () => {
    const { deps, cases } = setUp(unanswered, '2026-12-21T07:59:00.000Z')

    const outcome = await fire(deps, 'sla-breach', breachDue)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the deadline has not passed' })
    expect(cases.cases.get('case-1')).toBe(unanswered)
    expect(cases.events).toEqual([])
  })

  it('ignores a breach of a clock that was met in the meantime', async () => {
    const answered = { ...unanswered, firstResponseAt: proposedAt, slaClocks: { first_response: metClock } }
    const { deps, cases } = setUp(answered, breachDue)

    const outcome = await fire(deps, 'sla-breach', breachDue)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the deadline has not passed' })
    expect(cases.cases.get('case-1')).toBe(answered)
  })
})

describe('fireTimer: SLA timers of a case that ended', () => {
  // A closed or cancelled case has no SLA to warn about or breach: late or duplicate deliveries change nothing.
  const ended: [string, Case][] = [
    ['cancelled', { ...unanswered, status: 'cancelled', cancelledAt: '2026-12-18T12:10:00.000Z' }],
    ['closed', { ...unanswered, status: 'closed', closedAt: '2026-12-18T12:10:00.000Z' }],
  ]

  it.each(ended)('ignores a breach delivered after the case was %s', async (_, c) => {
    const { deps, cases } = setUp(c, breachDue)

    const outcome = await fire(deps, 'sla-breach', breachDue)

    expect(outcome.outcome).toBe('ignored')
    expect(cases.events).toEqual([])
  })

  it.each(ended)('ignores a warning delivered after the case was %s', async (_, c) => {
    const { deps, cases } = setUp(c, warningDue)

    const outcome = await fire(deps, 'sla-warning', warningDue)

    expect(outcome.outcome).toBe('ignored')
    expect(cases.events).toEqual([])
  })
})

describe('fireTimer: pending-closure', () => {
  it('moves an unanswered proposal to pending closure after 7 days and sets the auto-close 14 days later', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp(proposed, pendingSince)

    // Act
    const outcome = await fire(deps, 'pending-closure', pendingSince)

    // Assert
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: 3 })
    expect(cases.cases.get('case-1')).toMatchObject({
      status: 'pending_closure',
      pendingClosureAt: pendingSince,
      version: 3,
    })
    expect(cases.events).toHaveLength(1)
    expect(cases.events[0]).toMatchObject({
      type: 'case.transitioned',
      action: 'mark_pending_closure',
      visibility: 'public',
      actor: system,
      at: pendingSince,
    })
    expect(cases.events[0]?.changes).toContainEqual({
      field: 'status',
      before: 'solution_proposed',
      after: 'pending_closure',
    })
    expect(timersOf(scheduler, 'case-1')).toEqual({ 'auto-close': plus(pendingSince, 14 * day) })
    expect(scheduler.calls).toContainEqual({ op: 'clear', caseId: 'case-1', kind: 'pending-closure' })
  })

  it('ignores the timer before the 7 days have passed', async () => {
    const { deps, cases } = setUp(proposed, plus(pendingSince, -60_000))

    const outcome = await fire(deps, 'pending-closure', pendingSince)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the 7 days have not passed' })
    expect(cases.cases.get('case-1')).toBe(proposed)
    expect(cases.events).toEqual([])
  })

  it('ignores the timer when the customer answered meanwhile', async () => {
    const answered = aCase({
      ...unanswered,
      status: 'in_progress',
      firstResponseAt: proposedAt,
      slaClocks: { first_response: metClock },
    })
    const { deps, cases } = setUp(answered, pendingSince)

    const outcome = await fire(deps, 'pending-closure', pendingSince)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'no solution is waiting for an answer' })
    expect(cases.cases.get('case-1')).toBe(answered)
  })
})

describe('fireTimer: auto-close', () => {
  it('closes a case 14 days after pending closure, with a public auto_close event and no timers left', async () => {
    // Arrange
    const closesAt = plus(pendingSince, 14 * day)
    const { deps, cases, scheduler } = setUp(pending, closesAt)

    // Act
    const outcome = await fire(deps, 'auto-close', closesAt)

    // Assert
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: 4 })
    expect(cases.cases.get('case-1')).toMatchObject({ status: 'closed', closedAt: closesAt, version: 4 })
    expect(cases.events).toHaveLength(1)
    expect(cases.events[0]).toMatchObject({
      type: 'case.transitioned',
      action: 'auto_close',
      visibility: 'public',
      actor: system,
    })
    expect(scheduler.calls).toEqual([{ op: 'clear', caseId: 'case-1', kind: 'auto-close' }])
  })

  it('ignores the timer before the 14 days have passed', async () => {
    const { deps, cases } = setUp(pending, plus(pendingSince, 14 * day - 60_000))

    const outcome = await fire(deps, 'auto-close', plus(pendingSince, 14 * day))

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the 14 days have not passed' })
    expect(cases.cases.get('case-1')).toBe(pending)
  })

  it.each([
    [
      'reopened',
      aCase({
        ...unanswered,
        status: 'in_progress',
        firstResponseAt: proposedAt,
        slaClocks: { first_response: metClock },
      }),
    ],
    ['closed by the customer', aCase({ ...pending, status: 'closed', closedAt: pendingSince })],
  ])('ignores the timer of a case %s meanwhile', async (_, c) => {
    const { deps, cases } = setUp(c, plus(pendingSince, 15 * day))

    const outcome = await fire(deps, 'auto-close', plus(pendingSince, 14 * day))

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the case is not pending closure' })
    expect(cases.cases.get('case-1')).toBe(c)
    expect(cases.events).toEqual([])
  })
})

describe('fireTimer: deliveries that change nothing', () => {
  it('ignores a timer of a case that does not exist', async () => {
    const { deps, cases, scheduler } = setUp(undefined, breachDue)

    const outcome = await fire(deps, 'sla-breach', breachDue, 'case-gone')

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the case does not exist' })
    expect(cases.events).toEqual([])
    expect(scheduler.calls).toEqual([])
  })

  it.each<[TimerKind, Case, string]>([
    ['sla-warning', unanswered, warningDue],
    ['sla-breach', unanswered, breachDue],
    ['pending-closure', proposed, pendingSince],
    ['auto-close', pending, plus(pendingSince, 14 * day)],
  ])('changes nothing when %s is delivered twice', async (kind, c, dueAt) => {
    // Arrange
    const { deps, cases } = setUp(c, dueAt)
    await fire(deps, kind, dueAt)
    const afterFirst = cases.cases.get('case-1')

    // Act
    const second = await fire(deps, kind, dueAt)

    // Assert
    expect(second.outcome).toBe('ignored')
    expect(cases.cases.get('case-1')).toBe(afterFirst)
    expect(cases.events).toHaveLength(1)
  })

  it('retries once when the save finds the case changed, and applies on the fresh case', async () => {
    // Arrange
    const { deps, cases } = setUp(unanswered, breachDue)
    cases.failNextSaveAsStale = true

    // Act
    const outcome = await fire(deps, 'sla-breach', breachDue)

    // Assert
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: 2 })
    expect(cases.cases.get('case-1')?.slaClocks?.first_response?.state).toBe('breached')
    expect(cases.events).toHaveLength(1)
  })

  it('decides again after a lost race and ignores the breach when support answered in the meantime', async () => {
    // Arrange: support acknowledges just before the breach is saved
    const cases = new RacedCaseStore(unanswered, (current) =>
      changedAt(
        current,
        '2026-12-21T07:59:00.000Z',
        { status: 'open', firstResponseAt: '2026-12-21T07:59:00.000Z' },
        { publicStaffUpdate: true },
      ),
    )
    const { deps } = setUp(undefined, breachDue, cases)

    // Act
    const outcome = await fire(deps, 'sla-breach', breachDue)

    // Assert
    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the deadline has not passed' })
    expect(cases.saveAttempts).toBe(1)
    expect(cases.cases.get('case-1')).toMatchObject({
      version: 2,
      slaClocks: { first_response: { state: 'met' } },
    })
    expect(cases.events).toEqual([])
  })

  it('runs a proposal through to closure as time passes: pending closure, then auto-close at its timer', async () => {
    // Arrange
    const { deps, cases, clock, scheduler } = setUp(proposed, pendingSince)
    await fire(deps, 'pending-closure', pendingSince)
    const autoClose = timersOf(scheduler, 'case-1')['auto-close'] as string

    // Act
    clock.set(plus(autoClose, -60_000))
    const early = await fire(deps, 'auto-close', autoClose)
    clock.advance(60_000)
    const onTime = await fire(deps, 'auto-close', autoClose)

    // Assert
    expect(early.outcome).toBe('ignored')
    expect(onTime).toEqual({ outcome: 'applied', caseVersion: 4 })
    expect(cases.cases.get('case-1')?.status).toBe('closed')
    expect(cases.events.map((event) => event.action)).toEqual(['mark_pending_closure', 'auto_close'])
    expect(timersOf(scheduler, 'case-1')).toEqual({})
  })
})

// Every target has its own warning and breach timers; each touches its own clock only.
const acknowledgedAt = '2026-12-18T12:30:00.000Z'
/** Filed with its first-response and resolution clocks running (premium critical: 120 and 1440 minutes). */
const filed = aCase({
  ...unanswered,
  slaClocks: { first_response: runningClock, resolution: aRunningClock(filedAt, 1440) },
})
/** Support acknowledged at 13:30 Vienna: the first periodic update is owed by Monday 09:30. */
const acknowledged = changedAt(
  filed,
  acknowledgedAt,
  { status: 'open', firstResponseAt: acknowledgedAt },
  { publicStaffUpdate: true },
)
/** Then the customer wrote at 13:40 Vienna: a reply is owed by Monday 09:40. */
const customerWrote = changedAt(acknowledged, '2026-12-18T12:40:00.000Z', {}, { customerMessage: true })

const targets: [SlaTarget, TimerKind, TimerKind, Case, string, string][] = [
  ['first_response', 'sla-warning', 'sla-breach', filed, warningDue, breachDue],
  [
    'next_reply',
    'reply-warning',
    'reply-breach',
    customerWrote,
    '2026-12-21T08:10:00.000Z',
    '2026-12-21T08:40:00.000Z',
  ],
  [
    'periodic_update',
    'update-warning',
    'update-breach',
    acknowledged,
    '2026-12-21T08:00:00.000Z',
    '2026-12-21T08:30:00.000Z',
  ],
  [
    'resolution',
    'resolution-warning',
    'resolution-breach',
    filed,
    '2026-12-22T15:00:00.000Z',
    '2026-12-23T12:00:00.000Z',
  ],
]

/** The case as support's proposal at `at` leaves it: every clock ended. */
const proposedAtTime = (c: Case, at: string) =>
  changedAt(
    c,
    at,
    {
      status: 'solution_proposed',
      firstResponseAt: c.firstResponseAt ?? at,
      solutionProposedAt: at,
      resolution: { kind: 'solved', summary: 'Driver updated.' },
    },
    { publicStaffUpdate: true },
  )

describe.each(targets)('fireTimer: the %s clock', (target, warningKind, breachKind, c, warnAt, dueAt) => {
  const clockOf = (saved: Case | undefined) => saved?.slaClocks?.[target]
  const othersOf = (saved: Case | undefined) => ({ ...saved?.slaClocks, [target]: undefined })

  it(`warns at 75 % (${warningKind}): the clock is warned, the other clocks untouched`, async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp(c, warnAt)

    // Act
    const outcome = await fire(deps, warningKind, warnAt)

    // Assert
    expect(clockOf(c)?.warnAt).toBe(warnAt)
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: c.version + 1 })
    const saved = cases.cases.get('case-1')
    expect(clockOf(saved)).toMatchObject({ state: 'running', warnedAt: warnAt, dueAt })
    expect(clockOf(saved)).not.toHaveProperty('warnAt')
    expect(othersOf(saved)).toEqual(othersOf(c))
    expect(cases.events).toEqual([
      expect.objectContaining({
        type: 'sla.warning',
        visibility: 'internal',
        details: { target, dueAt, targetMinutes: clockOf(c)?.targetMinutes },
      }),
    ])
    expect(scheduler.calls).toEqual([{ op: 'clear', caseId: 'case-1', kind: warningKind }])
  })

  it(`ignores ${warningKind} a minute early`, async () => {
    const { deps, cases } = setUp(c, plus(warnAt, -60_000))

    const outcome = await fire(deps, warningKind, warnAt)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the warning is not due (or was given)' })
    expect(cases.cases.get('case-1')).toBe(c)
  })

  it(`breaches at the deadline (${breachKind}), dated at the deadline though delivered a day late`, async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp(c, plus(dueAt, day))

    // Act
    const outcome = await fire(deps, breachKind, dueAt)

    // Assert
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: c.version + 1 })
    const saved = cases.cases.get('case-1')
    expect(clockOf(saved)).toMatchObject({ state: 'breached', breachedAt: dueAt, dueAt })
    expect(clockOf(saved)).not.toHaveProperty('endedAt')
    expect(othersOf(saved)).toEqual(othersOf(c))
    expect(cases.events).toEqual([
      expect.objectContaining({
        type: 'sla.breached',
        action: 'sla_breach',
        details: expect.objectContaining({ target, dueAt }),
      }),
    ])
    expect(scheduler.calls).toEqual(
      expect.arrayContaining([
        { op: 'clear', caseId: 'case-1', kind: warningKind },
        { op: 'clear', caseId: 'case-1', kind: breachKind },
      ]),
    )
    expect(scheduler.calls).toHaveLength(2)
  })

  it(`ignores ${breachKind} a minute before the deadline`, async () => {
    const { deps, cases } = setUp(c, plus(dueAt, -60_000))

    const outcome = await fire(deps, breachKind, dueAt)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'the deadline has not passed' })
    expect(cases.cases.get('case-1')).toBe(c)
  })

  it(`ignores ${breachKind} and ${warningKind} once the clock ended in time`, async () => {
    // Arrange: support proposed a solution a minute before the warning
    const ended = proposedAtTime(c, plus(warnAt, -60_000))
    const { deps, cases } = setUp(ended, dueAt)

    // Act
    const warning = await fire(deps, warningKind, warnAt)
    const breach = await fire(deps, breachKind, dueAt)

    // Assert
    expect(clockOf(ended)?.state).toBe('met')
    expect([warning.outcome, breach.outcome]).toEqual(['ignored', 'ignored'])
    expect(cases.cases.get('case-1')).toBe(ended)
    expect(cases.events).toEqual([])
  })

  it(`changes nothing when ${breachKind} is delivered twice`, async () => {
    // Arrange
    const { deps, cases } = setUp(c, dueAt)
    await fire(deps, breachKind, dueAt)
    const afterFirst = cases.cases.get('case-1')

    // Act
    const second = await fire(deps, breachKind, dueAt)

    // Assert
    expect(second).toEqual({ outcome: 'ignored', reason: 'the deadline has not passed' })
    expect(cases.cases.get('case-1')).toBe(afterFirst)
    expect(cases.events).toHaveLength(1)
  })
})

describe('fireTimer: a breached resolution escalates as the policy version its clock keeps says', () => {
  const resolutionDue = '2026-12-23T12:00:00.000Z'
  const escalating = { ...defaultSlaPolicy, escalateOnResolutionBreach: true }

  /** Files a premium critical case for acme at `filedAt`, its clocks starting on the latest versions. */
  async function fileCase(deps: FireTimerDeps) {
    const contacts = new InMemoryContactDirectory([aContact()], deps.accounts)
    const filing = { ...deps, clock: new ManualClock(filedAt), contacts, queues: new InMemoryQueueSettings() }
    return createCase(
      aCreateCaseInput({ severity: 'critical', impact: 'Nobody can invoice.' }),
      aCustomer(),
      filing,
    )
  }

  it('escalates to level 1 with a case.escalated event when the kept version says so, though a later one does not', async () => {
    // Arrange: version 2 escalates; the case starts its clocks on it; then version 3 no longer does
    const { deps, cases, slaSettings } = setUp(undefined, resolutionDue)
    await slaSettings.savePolicy(escalating)
    const created = await fileCase(deps)
    await slaSettings.savePolicy({ ...escalating, escalateOnResolutionBreach: false })

    // Act
    const outcome = await fire(deps, 'resolution-breach', resolutionDue, created.id)

    // Assert
    expect(created.slaClocks?.resolution).toMatchObject({ policyVersion: 2, dueAt: resolutionDue })
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: 2 })
    const saved = cases.cases.get(created.id)
    expect(saved).toMatchObject({ escalationLevel: 1, slaClocks: { resolution: { state: 'breached' } } })
    expect(cases.events.map((event) => event.type)).toEqual(['sla.breached', 'case.escalated'])
    expect(cases.events[1]).toMatchObject({
      action: 'escalate',
      actor: system,
      // Like the breach that caused it, the vendor's own business.
      visibility: 'internal',
      changes: [{ field: 'escalationLevel', before: 0, after: 1 }],
      details: {
        level: 1,
        levelName: escalationLevelNames[1],
        reason: 'The resolution target was breached.',
      },
    })
  })

  it('does not escalate when the kept version does not say so, though a later one does', async () => {
    // Arrange: the case starts on the built-in version 1; version 2 escalates
    const { deps, cases, slaSettings } = setUp(undefined, resolutionDue)
    const created = await fileCase(deps)
    await slaSettings.savePolicy(escalating)

    // Act
    const outcome = await fire(deps, 'resolution-breach', resolutionDue, created.id)

    // Assert
    expect(created.slaClocks?.resolution?.policyVersion).toBe(1)
    expect(outcome).toEqual({ outcome: 'applied', caseVersion: 2 })
    expect(cases.cases.get(created.id)?.escalationLevel).toBe(0)
    expect(cases.events.map((event) => event.type)).toEqual(['sla.breached'])
  })

  it('does not escalate a case someone escalated already', async () => {
    // Arrange
    const { deps, cases, slaSettings } = setUp(undefined, resolutionDue)
    await slaSettings.savePolicy(escalating)
    const created = await fileCase(deps)
    cases.cases.set(created.id, { ...created, escalationLevel: 1 })

    // Act
    await fire(deps, 'resolution-breach', resolutionDue, created.id)

    // Assert
    expect(cases.cases.get(created.id)?.escalationLevel).toBe(1)
    expect(cases.events.map((event) => event.type)).toEqual(['sla.breached'])
  })

  it('does not escalate on a breach of another target', async () => {
    // Arrange
    const { deps, cases, slaSettings } = setUp(undefined, resolutionDue)
    await slaSettings.savePolicy(escalating)
    const created = await fileCase(deps)

    // Act
    await fire(deps, 'sla-breach', breachDue, created.id)

    // Assert
    expect(cases.cases.get(created.id)?.escalationLevel).toBe(0)
    expect(cases.events.map((event) => event.type)).toEqual(['sla.breached'])
  })
})

describe('fireTimer: the end of a case makes its resolution outcome final', () => {
  it('carries the resolution outcome on the auto_close event, once', async () => {
    // Arrange: the proposal 30 business minutes after filing met the resolution target; nobody answered
    const answered = proposedAtTime(filed, proposedAt)
    const waiting: Case = { ...answered, status: 'pending_closure', pendingClosureAt: pendingSince }
    const closesAt = plus(pendingSince, 14 * day)
    const { deps, cases } = setUp(waiting, closesAt)

    // Act
    await fire(deps, 'auto-close', closesAt)

    // Assert
    expect(answered.slaClocks?.resolution).toMatchObject({ state: 'met', endedAt: proposedAt })
    expect(cases.events).toHaveLength(1)
    expect(cases.events[0]).toMatchObject({
      action: 'auto_close',
      details: {
        slaOutcomes: [{ target: 'resolution', outcome: 'met', businessMinutes: 30, severity: 'critical' }],
      },
    })
  })

  it('changes no clock and carries no outcome when the case goes pending closure', async () => {
    const answered = proposedAtTime(filed, proposedAt)
    const { deps, cases } = setUp(answered, pendingSince)

    await fire(deps, 'pending-closure', pendingSince)

    expect(cases.cases.get('case-1')?.slaClocks).toEqual(answered.slaClocks)
    expect(cases.events[0]).not.toHaveProperty('details')
  })
})
