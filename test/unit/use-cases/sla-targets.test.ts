import { describe, expect, it } from 'vitest'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Caller } from '#src/domain/identity.ts'
import { defaultSlaPolicy } from '#src/domain/sla/policy.ts'
import type { SlaTarget } from '#src/domain/sla/sla-clock.ts'
import type { SlaOutcome } from '#src/domain/sla/sla-outcome.ts'
import { followCaseTimers } from '#src/use-cases/case-sla.ts'
import { addComment } from '#src/use-cases/comments.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { putCalendar, putSlaPolicy } from '#src/use-cases/sla.ts'
import { type TransitionInput, transitionCase } from '#src/use-cases/transition-case.ts'
import { updateCase } from '#src/use-cases/update-case.ts'
import {
  aContact,
  aCreateCaseInput,
  aCustomer,
  aStaffMember,
  aStaffRecord,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  InMemoryStaffDirectory,
  ManualClock,
  sequentialIds,
  slaFakes,
  timersOf,
} from '../fakes/core.ts'
import { lateDeskVienna } from '../fakes/sla.ts'

// The targets besides the first response (docs/sla.md): a next reply to the customer's message, a
// periodic update while the case is with support, the resolution. Driven through the use cases, as
// requests and the table stream drive them, on acme's terms (premium, vienna, the default policy).

// Monday 14 December 2026, 09:00 in Vienna (UTC+1). Premium critical: first response 120 minutes,
// resolution 1440 (due Wednesday 15:00 Vienna), next reply and periodic update 120.
const mondayMorning = '2026-12-14T08:00:00.000Z'
const hour = 60 * 60 * 1000
/** `hours` after Monday 09:00 Vienna, as an ISO time. */
const mondayPlus = (hours: number) => new Date(Date.parse(mondayMorning) + hours * hour).toISOString()

const alice = aCustomer()
const sam = aStaffMember()
const critical = aCreateCaseInput({ severity: 'critical', impact: 'Nobody can invoice.' })

function setUp() {
  const sla = slaFakes()
  const cases = new InMemoryCaseStore()
  const deps = {
    ...sla,
    cases,
    clock: new ManualClock(mondayMorning),
    ids: sequentialIds(),
    contacts: new InMemoryContactDirectory([aContact()], sla.accounts),
    staff: new InMemoryStaffDirectory([aStaffRecord()]),
  }
  // The event handler follows every write of a case item on the table stream.
  cases.onCaseWritten = (before, after) => followCaseTimers(before, after, deps)
  return { deps, cases, scheduler: sla.scheduler, slaSettings: sla.slaSettings }
}
type Deps = ReturnType<typeof setUp>['deps']

async function fileCase(deps: Deps, at = mondayMorning, input = critical) {
  deps.clock.set(at)
  return createCase(input, alice, deps)
}

async function transition(deps: Deps, c: Case, at: string, input: TransitionInput, caller: Caller = sam) {
  deps.clock.set(at)
  return transitionCase(c.id, input, caller, deps)
}

async function changeSeverity(deps: Deps, c: Case, at: string, severity: Case['severity']) {
  deps.clock.set(at)
  const current = deps.cases.cases.get(c.id) as Case
  return updateCase(
    c.id,
    current.version,
    { severity, severityReason: 'The impact changed.', impact: 'Invoicing is slow.' },
    sam,
    deps,
  )
}

async function comment(
  deps: Deps,
  c: Case,
  at: string,
  caller: Caller,
  visibility: 'public' | 'internal' = 'public',
) {
  deps.clock.set(at)
  const added = await addComment(c.id, { body: `A ${visibility} comment.`, visibility }, caller, deps)
  return { comment: added, case: deps.cases.cases.get(c.id) as Case }
}

const propose = {
  action: 'propose_solution',
  resolution: { kind: 'solved', summary: 'Driver updated.' },
} as const

/** The outcomes the events carry for `target`, with the action of the event that carries each. */
function outcomesOf(events: CaseEvent[], target: SlaTarget) {
  return events.flatMap((event) =>
    ((event.details?.slaOutcomes ?? []) as SlaOutcome[])
      .filter((outcome) => outcome.target === target)
      .map((outcome) => ({ action: event.action, ...outcome })),
  )
}

describe('the resolution clock', () => {
  it('stands still while the case waits on the customer, and counts again when the customer answers', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await fileCase(deps)

    // Act: support asks at 10:00 Vienna, the customer answers at 13:00
    const asked = await transition(deps, created, mondayPlus(1), {
      action: 'request_info',
      message: 'Which?',
    })
    const timersWhileWaiting = timersOf(scheduler, created.id)
    const answered = await comment(deps, created, mondayPlus(4), alice)

    // Assert: three business hours later than the filing promised (Wednesday 15:00 → Thursday 09:00 Vienna)
    expect(created.slaClocks?.resolution?.dueAt).toBe('2026-12-16T14:00:00.000Z')
    expect(asked.slaClocks?.resolution).toMatchObject({
      state: 'paused',
      pauses: [{ start: mondayPlus(1), reason: 'waiting_on_customer' }],
      dueAt: null,
      warnAt: null,
    })
    expect(timersWhileWaiting).not.toHaveProperty('resolution-breach')
    expect(answered.case.status).toBe('in_progress')
    expect(answered.case.slaClocks?.resolution).toMatchObject({
      state: 'running',
      pauses: [{ start: mondayPlus(1), end: mondayPlus(4), reason: 'waiting_on_customer' }],
      dueAt: '2026-12-17T08:00:00.000Z',
      warnAt: '2026-12-16T11:00:00.000Z',
    })
    expect(timersOf(scheduler, created.id)).toMatchObject({
      'resolution-warning': '2026-12-16T11:00:00.000Z',
      'resolution-breach': '2026-12-17T08:00:00.000Z',
    })
  })

  it('is met when support proposes a solution; its outcome waits for the end of the case', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp()
    const created = await fileCase(deps)

    // Act
    const proposed = await transition(deps, created, mondayPlus(1), propose)

    // Assert
    expect(proposed.slaClocks?.resolution).toMatchObject({ state: 'met', endedAt: mondayPlus(1) })
    expect(proposed.slaClocks?.resolution).not.toHaveProperty('warnAt')
    expect(timersOf(scheduler, created.id)).toEqual({ 'pending-closure': '2026-12-21T09:00:00.000Z' })
    expect(outcomesOf(cases.events, 'resolution')).toEqual([])
  })

  it('counts again, not breached, when the customer reopens after its deadline: the wait for an answer is a pause', async () => {
    // Arrange: proposed after one business hour; the customer reopens on Friday, after the first deadline
    const { deps, scheduler } = setUp()
    const created = await fileCase(deps)
    await transition(deps, created, mondayPlus(1), propose)

    // Act
    const reopened = await transition(deps, created, '2026-12-18T12:00:00.000Z', { action: 'reopen' }, alice)

    // Assert: 1380 minutes left from Friday 13:00 Vienna: due Wednesday 23 December, 12:00 Vienna
    expect(reopened.slaClocks?.resolution).toMatchObject({
      state: 'running',
      pauses: [{ start: mondayPlus(1), end: '2026-12-18T12:00:00.000Z', reason: 'solution_proposed' }],
      dueAt: '2026-12-23T11:00:00.000Z',
    })
    expect(reopened.slaClocks?.resolution).not.toHaveProperty('endedAt')
    expect(reopened.slaClocks?.resolution).not.toHaveProperty('breachedAt')
    expect(timersOf(scheduler, created.id)).toMatchObject({ 'resolution-breach': '2026-12-23T11:00:00.000Z' })
  })

  it('counts again when the customer answers a proposal with a comment', async () => {
    // Arrange
    const { deps } = setUp()
    const created = await fileCase(deps)
    await transition(deps, created, mondayPlus(1), propose)

    // Act
    const answered = await comment(deps, created, mondayPlus(3), alice)

    // Assert
    expect(answered.case.status).toBe('in_progress')
    expect(answered.case.slaClocks?.resolution).toMatchObject({
      state: 'running',
      pauses: [{ start: mondayPlus(1), end: mondayPlus(3), reason: 'solution_proposed' }],
      dueAt: '2026-12-16T16:00:00.000Z',
    })
  })

  it('makes its outcome final once, with the event that ends the case', async () => {
    // Arrange: proposed, reopened an hour later, proposed again after another business hour
    const { deps, cases } = setUp()
    const created = await fileCase(deps)
    await transition(deps, created, mondayPlus(1), propose)
    await transition(deps, created, mondayPlus(2), { action: 'reopen' }, alice)
    await transition(deps, created, mondayPlus(3), propose)

    // Act: the customer accepts the solution
    const closed = await transition(deps, created, mondayPlus(4), { action: 'close' }, alice)

    // Assert: two business hours counted, the proposal's first wait excluded
    expect(closed.status).toBe('closed')
    expect(outcomesOf(cases.events, 'resolution')).toEqual([
      { action: 'close', target: 'resolution', outcome: 'met', businessMinutes: 120, severity: 'critical' },
    ])
  })

  it('is met by a staff close, with its outcome on the close event', async () => {
    // Arrange
    const { deps, cases } = setUp()
    const created = await fileCase(deps)
    await transition(deps, created, mondayPlus(1), { action: 'acknowledge' })

    // Act
    const closed = await transition(deps, created, mondayPlus(2), { action: 'close' })

    // Assert
    expect(closed.slaClocks?.resolution).toMatchObject({ state: 'met', endedAt: mondayPlus(2) })
    expect(outcomesOf(cases.events, 'resolution')).toEqual([
      { action: 'close', target: 'resolution', outcome: 'met', businessMinutes: 120, severity: 'critical' },
    ])
  })

  it('carries no outcome when the customer cancels in time: it stopped, neither met nor breached', async () => {
    const { deps, cases } = setUp()
    const created = await fileCase(deps)

    const cancelled = await transition(deps, created, mondayPlus(1), { action: 'cancel' }, alice)

    expect(cancelled.slaClocks?.resolution).toMatchObject({ state: 'stopped', endedAt: mondayPlus(1) })
    expect(outcomesOf(cases.events, 'resolution')).toEqual([])
  })
})

describe('the next-reply clock', () => {
  /** Filed at 09:00 Vienna, acknowledged at 09:30 (first response met, first periodic update owed by 11:30). */
  async function acknowledgedCase(deps: Deps) {
    const created = await fileCase(deps)
    return transition(deps, created, mondayPlus(0.5), { action: 'acknowledge' })
  }

  it('starts with a public customer comment after the first response: the case item is written, its timers wanted', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp()
    const acknowledged = await acknowledgedCase(deps)

    // Act
    const { comment: added, case: after } = await comment(deps, acknowledged, mondayPlus(1), alice)

    // Assert: 120 minutes from 10:00 Vienna, warned at 75 %
    expect(after.version).toBe(acknowledged.version + 1)
    expect(after.slaClocks?.next_reply).toMatchObject({
      state: 'running',
      cycle: 1,
      startedAt: mondayPlus(1),
      targetMinutes: 120,
      dueAt: mondayPlus(3),
      warnAt: mondayPlus(2.5),
    })
    expect(cases.comments).toContainEqual(added)
    expect(cases.events.at(-1)).toMatchObject({ type: 'comment.added', details: { commentId: added.id } })
    expect(cases.events.at(-1)?.details).not.toHaveProperty('slaOutcomes')
    expect(timersOf(scheduler, acknowledged.id)).toMatchObject({
      'reply-warning': mondayPlus(2.5),
      'reply-breach': mondayPlus(3),
    })
  })

  it('is met by a public staff comment, whose event carries the outcomes it made final', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp()
    const acknowledged = await acknowledgedCase(deps)
    await comment(deps, acknowledged, mondayPlus(1), alice)

    // Act
    const { comment: reply, case: after } = await comment(deps, acknowledged, mondayPlus(2), sam)

    // Assert: the reply answers the customer and is the periodic update too
    expect(after.slaClocks?.next_reply).toMatchObject({ state: 'met', endedAt: mondayPlus(2), cycle: 1 })
    expect(cases.events.at(-1)).toMatchObject({
      type: 'comment.added',
      details: {
        commentId: reply.id,
        slaOutcomes: [
          { target: 'next_reply', outcome: 'met', businessMinutes: 60, severity: 'critical' },
          { target: 'periodic_update', outcome: 'met', businessMinutes: 90, severity: 'critical' },
        ],
      },
    })
    expect(timersOf(scheduler, acknowledged.id)).not.toHaveProperty('reply-warning')
    expect(timersOf(scheduler, acknowledged.id)).not.toHaveProperty('reply-breach')
  })

  it('is breached by a late reply, dated at its deadline', async () => {
    // Arrange
    const { deps, cases } = setUp()
    const acknowledged = await acknowledgedCase(deps)
    await comment(deps, acknowledged, mondayPlus(1), alice)

    // Act: three business hours later
    const { case: after } = await comment(deps, acknowledged, mondayPlus(4), sam)

    // Assert
    expect(after.slaClocks?.next_reply).toMatchObject({
      state: 'breached',
      breachedAt: mondayPlus(3),
      endedAt: mondayPlus(4),
    })
    expect(outcomesOf(cases.events, 'next_reply')).toEqual([
      {
        action: 'comment',
        target: 'next_reply',
        outcome: 'breached',
        businessMinutes: 180,
        severity: 'critical',
      },
    ])
  })

  it('is left alone by an internal note: no case write, no timers, no outcomes', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp()
    const acknowledged = await acknowledgedCase(deps)
    const { case: waiting } = await comment(deps, acknowledged, mondayPlus(1), alice)
    const timerCalls = scheduler.calls.length

    // Act
    const { comment: note, case: after } = await comment(deps, acknowledged, mondayPlus(2), sam, 'internal')

    // Assert
    expect(after).toBe(waiting)
    expect(scheduler.calls).toHaveLength(timerCalls)
    expect(cases.comments).toContainEqual(note)
    expect(cases.events.at(-1)).toMatchObject({
      type: 'comment.added',
      visibility: 'internal',
      details: { commentId: note.id, visibility: 'internal' },
    })
    expect(cases.events.at(-1)?.details).not.toHaveProperty('slaOutcomes')
  })

  it('starts no clock for a customer comment while the first response or a reply is owed: the case is not written', async () => {
    // Arrange
    const { deps } = setUp()
    const created = await fileCase(deps)

    // Act
    const { case: beforeResponse } = await comment(deps, created, mondayPlus(0.25), alice)
    await transition(deps, created, mondayPlus(0.5), { action: 'acknowledge' })
    const { case: owed } = await comment(deps, created, mondayPlus(1), alice)
    const { case: again } = await comment(deps, created, mondayPlus(1.5), alice)

    // Assert
    expect(beforeResponse).toBe(created)
    expect(owed.slaClocks?.next_reply?.startedAt).toBe(mondayPlus(1))
    expect(again).toBe(owed)
  })

  it("starts its next cycle with the customer's next message after a reply", async () => {
    // Arrange
    const { deps } = setUp()
    const acknowledged = await acknowledgedCase(deps)
    await comment(deps, acknowledged, mondayPlus(1), alice)
    await comment(deps, acknowledged, mondayPlus(2), sam)

    // Act
    const { case: after } = await comment(deps, acknowledged, mondayPlus(3), alice)

    // Assert
    expect(after.slaClocks?.next_reply).toMatchObject({
      state: 'running',
      cycle: 2,
      startedAt: mondayPlus(3),
    })
  })
})

describe('the periodic-update clock (premium critical: every 120 business minutes)', () => {
  it('starts cycle 1 with the first response; each public staff update ends one and starts the next', async () => {
    // Arrange
    const { deps, cases, scheduler } = setUp()
    const created = await fileCase(deps)

    // Act
    const acknowledged = await transition(deps, created, mondayPlus(0.5), { action: 'acknowledge' })
    const { case: second } = await comment(deps, created, mondayPlus(2), sam)
    const { case: third } = await comment(deps, created, mondayPlus(5), sam)

    // Assert
    expect(created.slaClocks).not.toHaveProperty('periodic_update')
    expect(acknowledged.slaClocks?.periodic_update).toMatchObject({
      state: 'running',
      cycle: 1,
      startedAt: mondayPlus(0.5),
      dueAt: mondayPlus(2.5),
    })
    expect(second.slaClocks?.periodic_update).toMatchObject({ cycle: 2, startedAt: mondayPlus(2) })
    expect(third.slaClocks?.periodic_update).toMatchObject({
      state: 'running',
      cycle: 3,
      startedAt: mondayPlus(5),
      dueAt: mondayPlus(7),
    })
    expect(outcomesOf(cases.events, 'periodic_update')).toEqual([
      {
        action: 'comment',
        target: 'periodic_update',
        outcome: 'met',
        businessMinutes: 90,
        severity: 'critical',
      },
      {
        action: 'comment',
        target: 'periodic_update',
        outcome: 'breached',
        businessMinutes: 180,
        severity: 'critical',
      },
    ])
    expect(timersOf(scheduler, created.id)).toMatchObject({
      'update-warning': mondayPlus(6.5),
      'update-breach': mondayPlus(7),
    })
  })

  it('runs no cycle while the case waits on the customer, and starts the next when the customer answers', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await fileCase(deps)
    await transition(deps, created, mondayPlus(0.5), { action: 'acknowledge' })

    // Act: asking ends cycle 1; a public comment while waiting starts none
    const asked = await transition(deps, created, mondayPlus(1), {
      action: 'request_info',
      message: 'Which?',
    })
    const timersWhileWaiting = timersOf(scheduler, created.id)
    const { case: stillWaiting } = await comment(deps, created, mondayPlus(1.5), sam)
    const { case: answered } = await comment(deps, created, mondayPlus(3), alice)

    // Assert
    expect(asked.slaClocks?.periodic_update).toMatchObject({ state: 'met', cycle: 1, endedAt: mondayPlus(1) })
    expect(timersWhileWaiting).not.toHaveProperty('update-breach')
    expect(stillWaiting.slaClocks?.periodic_update).toEqual(asked.slaClocks?.periodic_update)
    expect(answered.slaClocks?.periodic_update).toMatchObject({
      state: 'running',
      cycle: 2,
      startedAt: mondayPlus(3),
    })
    expect(timersOf(scheduler, created.id)).toMatchObject({ 'update-breach': mondayPlus(5) })
  })

  it('is not owed for a premium standard case, whose policy sets no periodic update', async () => {
    const { deps } = setUp()
    const created = await fileCase(deps, mondayMorning, aCreateCaseInput({ severity: 'standard' }))

    const acknowledged = await transition(deps, created, mondayPlus(0.5), { action: 'acknowledge' })

    expect(acknowledged.slaClocks).not.toHaveProperty('periodic_update')
  })
})

describe('clocks keep the calendar and policy versions they started on', () => {
  /** Version 2 of vienna: the desk stays open until 20:00 on every weekday. */
  const vienna2 = lateDeskVienna
  const standard = aCreateCaseInput({ severity: 'standard' })

  it("keeps version 1's deadlines through later changes of a case filed under it", async () => {
    // Arrange: premium standard, filed under version 1; then the admin saves version 2
    const { deps } = setUp()
    const created = await fileCase(deps, mondayMorning, standard)
    deps.clock.set(mondayPlus(0.5))
    const saved = await putCalendar('vienna', vienna2, deps)

    // Act: support asks, the customer answers an hour later (the resolution clock pauses and
    // resumes, its deadline computed again), then the severity changes
    await transition(deps, created, mondayPlus(1), { action: 'request_info', message: 'Which?' })
    const { case: answered } = await comment(deps, created, mondayPlus(2), alice)
    const urgent = await changeSeverity(deps, created, mondayPlus(7.5), 'urgent')

    // Assert: one business hour later than filed on version 1; then 2880 minutes on version 1 from
    // Monday 09:00 Vienna, with that hour, are due the next Monday 16:00 (on version 2: Friday 10:00)
    expect(saved.version).toBe(2)
    expect(created.slaClocks?.resolution?.dueAt).toBe('2027-01-07T14:00:00.000Z')
    expect(answered.slaClocks?.resolution).toMatchObject({
      calendarVersion: 1,
      state: 'running',
      dueAt: '2027-01-07T15:00:00.000Z',
    })
    expect(urgent.slaClocks?.resolution).toMatchObject({
      calendarVersion: 1,
      startedAt: mondayMorning,
      targetMinutes: 2880,
      dueAt: '2026-12-21T15:00:00.000Z',
    })
  })

  it('counts a clock that starts after the new version (a next reply) on it, and keeps it', async () => {
    // Arrange
    const { deps } = setUp()
    const created = await fileCase(deps, mondayMorning, standard)
    deps.clock.set(mondayPlus(0.5))
    await putCalendar('vienna', vienna2, deps)
    await comment(deps, created, mondayPlus(1), sam)

    // Act: the customer writes at 16:00 Vienna; support changes the severity at 16:30
    const { case: asked } = await comment(deps, created, mondayPlus(7), alice)
    const urgent = await changeSeverity(deps, created, mondayPlus(7.5), 'urgent')

    // Assert: 480 minutes from 16:00 on version 2 are Tuesday 12:00 Vienna (Tuesday 15:00 on version 1);
    // 240 are Monday 20:00; the periodic update the new severity owes starts on version 2 as well
    expect(asked.slaClocks?.next_reply).toMatchObject({
      calendarVersion: 2,
      targetMinutes: 480,
      dueAt: '2026-12-15T11:00:00.000Z',
    })
    expect(asked.slaClocks?.resolution?.calendarVersion).toBe(1)
    expect(urgent.slaClocks?.next_reply).toMatchObject({
      calendarVersion: 2,
      targetMinutes: 240,
      dueAt: '2026-12-14T19:00:00.000Z',
    })
    expect(urgent.slaClocks?.periodic_update).toMatchObject({
      calendarVersion: 2,
      startedAt: mondayPlus(7.5),
      dueAt: '2026-12-15T07:30:00.000Z',
    })
  })

  it('retargets a clock by the policy version it keeps', async () => {
    // Arrange: version 2 of the default policy halves the urgent resolution target
    const { deps } = setUp()
    const created = await fileCase(deps, mondayMorning, standard)
    const premium = defaultSlaPolicy.resolutionMinutes?.premium
    deps.clock.set(mondayPlus(0.5))
    await putSlaPolicy(
      'default',
      {
        ...defaultSlaPolicy,
        resolutionMinutes: { ...defaultSlaPolicy.resolutionMinutes, premium: { ...premium, urgent: 1440 } },
      },
      deps,
    )

    // Act
    const urgent = await changeSeverity(deps, created, mondayPlus(1), 'urgent')

    // Assert
    expect(urgent.slaClocks?.resolution).toMatchObject({ policyVersion: 1, targetMinutes: 2880 })
  })
})

describe('a severity change', () => {
  it('retargets every open clock from its start, keeping its pauses, and moves the timers', async () => {
    // Arrange: premium standard; waiting on the customer 10:00–13:00 Vienna; a reply owed since 13:00
    const { deps, cases, scheduler } = setUp()
    const created = await fileCase(deps, mondayMorning, aCreateCaseInput({ severity: 'standard' }))
    const asked = await transition(deps, created, mondayPlus(1), {
      action: 'request_info',
      message: 'Which?',
    })
    await comment(deps, created, mondayPlus(4), alice)

    // Act
    const critical = await changeSeverity(deps, created, mondayPlus(5), 'critical')

    // Assert: the first response had ended and stays as it was
    expect(critical.slaClocks?.first_response).toEqual(asked.slaClocks?.first_response)
    expect(critical.slaClocks?.resolution).toMatchObject({
      state: 'running',
      startedAt: mondayMorning,
      targetMinutes: 1440,
      pauses: [{ start: mondayPlus(1), end: mondayPlus(4), reason: 'waiting_on_customer' }],
      dueAt: '2026-12-17T08:00:00.000Z',
    })
    expect(critical.slaClocks?.next_reply).toMatchObject({
      startedAt: mondayPlus(4),
      targetMinutes: 120,
      dueAt: mondayPlus(6),
    })
    // A critical case owes periodic updates: the first cycle starts with the change
    expect(critical.slaClocks?.periodic_update).toMatchObject({ cycle: 1, startedAt: mondayPlus(5) })
    expect(timersOf(scheduler, created.id)).toEqual({
      'resolution-warning': '2026-12-16T11:00:00.000Z',
      'resolution-breach': '2026-12-17T08:00:00.000Z',
      'reply-warning': mondayPlus(5.5),
      'reply-breach': mondayPlus(6),
      'update-warning': mondayPlus(6.5),
      'update-breach': mondayPlus(7),
    })
    expect(cases.events.at(-1)).toMatchObject({
      action: 'update',
      details: { severityReason: 'The impact changed.' },
    })
    expect(cases.events.at(-1)?.changes.map((change) => change.field)).not.toContain('slaClocks')
  })

  it('retargets a paused clock, which stays paused until the customer answers', async () => {
    // Arrange
    const { deps } = setUp()
    const created = await fileCase(deps, mondayMorning, aCreateCaseInput({ severity: 'standard' }))
    await transition(deps, created, mondayPlus(1), { action: 'request_info', message: 'Which?' })

    // Act
    const critical = await changeSeverity(deps, created, mondayPlus(2), 'critical')
    const { case: answered } = await comment(deps, created, mondayPlus(4), alice)

    // Assert
    expect(critical.slaClocks?.resolution).toMatchObject({
      state: 'paused',
      targetMinutes: 1440,
      dueAt: null,
    })
    expect(answered.slaClocks?.resolution).toMatchObject({
      state: 'running',
      dueAt: '2026-12-17T08:00:00.000Z',
    })
  })

  it('stops a clock the new severity has no target for, without an outcome', async () => {
    // Arrange: critical, acknowledged: a periodic update is owed
    const { deps, cases, scheduler } = setUp()
    const created = await fileCase(deps)
    await transition(deps, created, mondayPlus(0.5), { action: 'acknowledge' })

    // Act
    const standard = await changeSeverity(deps, created, mondayPlus(1), 'standard')

    // Assert
    expect(standard.slaClocks?.periodic_update).toMatchObject({ state: 'stopped', endedAt: mondayPlus(1) })
    expect(outcomesOf(cases.events, 'periodic_update')).toEqual([])
    expect(timersOf(scheduler, created.id)).not.toHaveProperty('update-breach')
  })
})
