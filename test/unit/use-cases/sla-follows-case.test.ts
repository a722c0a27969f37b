import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import type { Account } from '#src/domain/directory.ts'
import { desiredTimers, followCaseTimers } from '#src/use-cases/case-sla.ts'
import { addComment } from '#src/use-cases/comments.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { type TransitionInput, transitionCase } from '#src/use-cases/transition-case.ts'
import { updateCase } from '#src/use-cases/update-case.ts'
import {
  aCase,
  aContact,
  aCreateCaseInput,
  aCustomer,
  anAccount,
  aStaffMember,
  aStaffRecord,
  FailingTimerScheduler,
  InMemoryAccounts,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  InMemoryStaffDirectory,
  type InMemoryTimerScheduler,
  ManualClock,
  sequentialIds,
  slaFakes,
  timersOf,
} from '../fakes/core.ts'
import { aRunningClock, changedAt } from '../fakes/sla.ts'

// Friday 18 December 2026, 13:00 in Vienna: an hour before the desk closes for the weekend.
const fridayAfternoon = '2026-12-18T12:00:00.000Z'
// Premium critical, filed then: first response (120 minutes) warned at 75 % on Monday 08:30 Vienna
// and due at 09:00; resolution (1440 minutes) warned Tuesday 16:00 and due Wednesday 13:00.
const firstResponseTimers = {
  'sla-warning': '2026-12-21T07:30:00.000Z',
  'sla-breach': '2026-12-21T08:00:00.000Z',
}
const resolutionTimers = {
  'resolution-warning': '2026-12-22T15:00:00.000Z',
  'resolution-breach': '2026-12-23T12:00:00.000Z',
}
const day = 24 * 60 * 60 * 1000

const alice = aCustomer({ userId: 'alice', accountId: 'acme' })
const gina = aCustomer({ userId: 'gina', accountId: 'globex', email: 'gina@globex.example' })
const sam = aStaffMember()

function setUp(options: { accounts?: Account[]; scheduler?: InMemoryTimerScheduler; cases?: Case[] } = {}) {
  const sla = slaFakes()
  const cases = new InMemoryCaseStore({ cases: options.cases ?? [] })
  const clock = new ManualClock(fridayAfternoon)
  const scheduler = options.scheduler ?? sla.scheduler
  const accounts = options.accounts ? new InMemoryAccounts(options.accounts) : sla.accounts
  const deps = {
    ...sla,
    cases,
    clock,
    scheduler,
    ids: sequentialIds(),
    contacts: new InMemoryContactDirectory(
      [
        aContact({ id: 'alice', accountId: 'acme' }),
        aContact({ id: 'gina', accountId: 'globex', email: 'gina@globex.example' }),
      ],
      accounts,
    ),
    staff: new InMemoryStaffDirectory([aStaffRecord()]),
    accounts,
  }
  // The event handler follows every write of a case item on the table stream.
  cases.onCaseWritten = (before, after) => followCaseTimers(before, after, deps)
  return { deps, cases, clock, scheduler, slaSettings: sla.slaSettings }
}

type Deps = ReturnType<typeof setUp>['deps']

const critical = aCreateCaseInput({ severity: 'critical', impact: 'Nobody can invoice.' })

/** Runs a transition at `at`. */
async function transition(deps: Deps, c: Case, at: string, input: TransitionInput, caller = sam) {
  deps.clock.set(at)
  return transitionCase(c.id, input, caller, deps)
}

/** Captures the JSON lines the logger writes to stderr. */
function captureStderrLog() {
  vi.stubEnv('LOG_LEVEL', 'info')
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  return () => write.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
}

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

describe('createCase starts the SLA clocks', () => {
  it('starts first response and resolution on the account calendar and the premium targets for acme, critical: 120 and 1440 minutes', async () => {
    const { deps } = setUp()

    const created = await createCase(critical, alice, deps)

    expect(created.slaClocks?.first_response).toEqual({
      calendarId: 'vienna',
      calendarVersion: 1,
      policyId: 'default',
      policyVersion: 1,
      targetMinutes: 120,
      startedAt: fridayAfternoon,
      pauses: [],
      dueAt: firstResponseTimers['sla-breach'],
      warnAt: firstResponseTimers['sla-warning'],
      state: 'running',
    })
    expect(created.slaClocks?.resolution).toMatchObject({
      targetMinutes: 1440,
      startedAt: fridayAfternoon,
      dueAt: resolutionTimers['resolution-breach'],
      warnAt: resolutionTimers['resolution-warning'],
      state: 'running',
    })
    expect(Object.keys(created.slaClocks ?? {}).sort()).toEqual(['first_response', 'resolution'])
    expect(created).not.toHaveProperty('slaClock')
  })

  it('uses the standard target for globex, critical: 240 minutes', async () => {
    const { deps } = setUp()

    const created = await createCase(critical, gina, deps)

    expect(created.slaClocks?.first_response).toMatchObject({
      targetMinutes: 240,
      dueAt: '2026-12-21T10:00:00.000Z',
    })
  })

  it('lets an account contract override win for the severities it names, and only those', async () => {
    // Arrange
    const { deps } = setUp({ accounts: [anAccount({ slaOverride: { critical: 60 } })] })

    // Act
    const overridden = await createCase(critical, alice, deps)
    const standard = await createCase(aCreateCaseInput({ severity: 'standard' }), alice, deps)

    // Assert
    expect(overridden.slaClocks?.first_response).toMatchObject({
      targetMinutes: 60,
      dueAt: '2026-12-18T13:00:00.000Z',
    })
    expect(standard.slaClocks?.first_response?.targetMinutes).toBe(480)
  })

  it("takes the account's own calendar and policy, and starts only the targets the policy sets", async () => {
    // Arrange
    const { deps, slaSettings } = setUp({
      accounts: [anAccount({ calendarId: 'follow-the-sun', slaPolicyId: 'gold' })],
    })
    const targets = { critical: 30, urgent: 60, standard: 120, low: 240 }
    await slaSettings.savePolicy({
      id: 'gold',
      name: 'Gold',
      firstResponseMinutes: { premium: targets, standard: targets },
    })

    // Act
    const created = await createCase(critical, alice, deps)

    // Assert: London and Paris are open on Friday afternoon; gold sets no resolution target
    expect(created.slaClocks?.first_response).toMatchObject({
      calendarId: 'follow-the-sun',
      policyId: 'gold',
      policyVersion: 1,
      targetMinutes: 30,
      dueAt: '2026-12-18T12:30:00.000Z',
    })
    expect(created.slaClocks).not.toHaveProperty('resolution')
  })

  it('files the case without clocks or timers when the account has no usable calendar', async () => {
    // Arrange
    captureStderrLog()
    const { deps, scheduler } = setUp({ accounts: [anAccount({ calendarId: 'atlantis' })] })

    // Act
    const created = await createCase(critical, alice, deps)

    // Assert
    expect(created.slaClocks).toBeUndefined()
    expect(scheduler.calls).toEqual([])
  })
})

describe('SLA timers follow the case', () => {
  it('sets each warning at 75 % and each breach at the deadline when a case is filed', async () => {
    const { deps, scheduler } = setUp()

    const created = await createCase(critical, alice, deps)

    expect(timersOf(scheduler, created.id)).toEqual({ ...firstResponseTimers, ...resolutionTimers })
    expect(scheduler.calls.map((call) => call.op)).toEqual(['set', 'set', 'set', 'set'])
  })

  it('meets the first response on acknowledge and clears both of its timers', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)

    // Act
    const acknowledged = await transition(deps, created, '2026-12-18T12:30:00.000Z', {
      action: 'acknowledge',
    })

    // Assert
    expect(acknowledged.slaClocks?.first_response).toMatchObject({
      state: 'met',
      endedAt: '2026-12-18T12:30:00.000Z',
    })
    expect(timersOf(scheduler, created.id)).not.toHaveProperty('sla-warning')
    expect(timersOf(scheduler, created.id)).not.toHaveProperty('sla-breach')
    expect(scheduler.calls.slice(4)).toEqual(
      expect.arrayContaining([
        { op: 'clear', caseId: created.id, kind: 'sla-warning' },
        { op: 'clear', caseId: created.id, kind: 'sla-breach' },
      ]),
    )
  })

  it('records a late acknowledge as a breach at the deadline and clears its timers', async () => {
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)

    const late = await transition(deps, created, '2026-12-21T09:00:00.000Z', { action: 'acknowledge' })

    expect(late.slaClocks?.first_response).toMatchObject({
      state: 'breached',
      breachedAt: '2026-12-21T08:00:00.000Z',
      endedAt: '2026-12-21T09:00:00.000Z',
    })
    // What stays: the resolution timers, and the first periodic update's (from 10:00 Vienna)
    expect(timersOf(scheduler, created.id)).toEqual({
      ...resolutionTimers,
      'update-warning': '2026-12-21T10:30:00.000Z',
      'update-breach': '2026-12-21T11:00:00.000Z',
    })
  })

  it('treats request_info as the first response: the clock is met, not paused, and a reply leaves it alone', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)

    // Act
    const asked = await transition(deps, created, '2026-12-18T12:20:00.000Z', {
      action: 'request_info',
      message: 'Which printer?',
    })
    const timersWhileWaiting = timersOf(scheduler, created.id)
    deps.clock.set('2026-12-18T12:40:00.000Z')
    await addComment(created.id, { body: 'The one on floor 2.', visibility: 'public' }, alice, deps)
    const replied = deps.cases.cases.get(created.id) as Case

    // Assert: while waiting on the customer nothing is due (the resolution clock stands still)
    expect(asked.status).toBe('waiting_on_customer')
    expect(asked.slaClocks?.first_response).toMatchObject({
      state: 'met',
      endedAt: '2026-12-18T12:20:00.000Z',
      pauses: [],
      dueAt: '2026-12-21T08:00:00.000Z',
    })
    expect(timersWhileWaiting).toEqual({})
    expect(replied.status).toBe('in_progress')
    expect(replied.slaClocks?.first_response).toEqual(asked.slaClocks?.first_response)
    expect(timersOf(scheduler, created.id)).not.toHaveProperty('sla-breach')
  })

  it('meets the first response with the first public staff comment, but not with an internal note', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)

    // Act
    deps.clock.set('2026-12-18T12:10:00.000Z')
    await addComment(created.id, { body: 'Looking into it.', visibility: 'internal' }, sam, deps)
    const afterNote = deps.cases.cases.get(created.id) as Case
    const timersAfterNote = timersOf(scheduler, created.id)
    deps.clock.set('2026-12-18T12:15:00.000Z')
    await addComment(created.id, { body: 'We are on it.', visibility: 'public' }, sam, deps)
    const afterReply = deps.cases.cases.get(created.id) as Case

    // Assert
    expect(afterNote).toBe(created)
    expect(timersAfterNote).toEqual({ ...firstResponseTimers, ...resolutionTimers })
    expect(afterReply.slaClocks?.first_response).toMatchObject({
      state: 'met',
      endedAt: '2026-12-18T12:15:00.000Z',
    })
    expect(timersOf(scheduler, created.id)).not.toHaveProperty('sla-warning')
    expect(timersOf(scheduler, created.id)).not.toHaveProperty('sla-breach')
  })

  it('re-targets the clocks on a severity change and moves their timers', async () => {
    // Arrange: premium standard is 480 minutes, due Monday 15:00 Vienna, warned at 13:00
    const { deps, scheduler } = setUp()
    const created = await createCase(aCreateCaseInput({ severity: 'standard' }), alice, deps)
    const timersBefore = timersOf(scheduler, created.id)

    // Act
    deps.clock.set('2026-12-18T12:05:00.000Z')
    const updated = await updateCase(
      created.id,
      created.version,
      { severity: 'critical', severityReason: 'Production is down.', impact: 'Nobody can invoice.' },
      sam,
      deps,
    )

    // Assert
    expect(timersBefore).toMatchObject({
      'sla-warning': '2026-12-21T12:00:00.000Z',
      'sla-breach': '2026-12-21T14:00:00.000Z',
    })
    expect(updated.slaClocks?.first_response).toMatchObject({
      targetMinutes: 120,
      startedAt: fridayAfternoon,
      dueAt: '2026-12-21T08:00:00.000Z',
    })
    expect(updated.slaClocks?.resolution).toMatchObject({ targetMinutes: 1440, startedAt: fridayAfternoon })
    expect(timersOf(scheduler, created.id)).toEqual({ ...firstResponseTimers, ...resolutionTimers })
    expect(scheduler.calls.slice(4).map((call) => call.op)).toEqual(['set', 'set', 'set', 'set'])
  })

  it('leaves the timers alone on an edit that does not touch the severity', async () => {
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)

    await updateCase(created.id, created.version, { priority: 'low' }, sam, deps)

    expect(scheduler.calls.length).toBe(4)
  })

  it('keeps a met first-response clock as it was on a severity change, setting none of its timers', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)
    const acknowledged = await transition(deps, created, '2026-12-18T12:30:00.000Z', {
      action: 'acknowledge',
    })
    const calls = scheduler.calls.length

    // Act
    const updated = await updateCase(
      created.id,
      acknowledged.version,
      { severity: 'low', severityReason: 'Only one printer.' },
      sam,
      deps,
    )

    // Assert
    expect(updated.slaClocks?.first_response).toEqual(acknowledged.slaClocks?.first_response)
    const kindsSince = scheduler.calls.slice(calls).map((call) => call.kind)
    expect(kindsSince).not.toContain('sla-warning')
    expect(kindsSince).not.toContain('sla-breach')
  })

  it('sets pending closure 7 days after a proposed solution and clears the SLA timers', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)

    // Act
    const proposed = await transition(deps, created, '2026-12-18T12:30:00.000Z', {
      action: 'propose_solution',
      resolution: { kind: 'workaround', summary: 'Print to PDF first.' },
    })

    // Assert
    expect(proposed.solutionProposedAt).toBe('2026-12-18T12:30:00.000Z')
    expect(proposed.slaClocks?.first_response?.state).toBe('met')
    expect(proposed.slaClocks?.resolution?.state).toBe('met')
    expect(timersOf(scheduler, created.id)).toEqual({ 'pending-closure': '2026-12-25T12:30:00.000Z' })
  })

  it('clears pending closure when the customer reopens', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)
    await transition(deps, created, '2026-12-18T12:30:00.000Z', {
      action: 'propose_solution',
      resolution: { kind: 'solved', summary: 'Driver updated.' },
    })

    // Act
    const reopened = await transition(deps, created, '2026-12-21T09:00:00.000Z', { action: 'reopen' }, alice)

    // Assert
    expect(reopened.status).toBe('in_progress')
    expect(timersOf(scheduler, created.id)).not.toHaveProperty('pending-closure')
    expect(scheduler.calls).toContainEqual({ op: 'clear', caseId: created.id, kind: 'pending-closure' })
  })

  it('clears the auto-close timer when a case pending closure is reopened', async () => {
    // Arrange
    const pending = aCase({
      status: 'pending_closure',
      firstResponseAt: '2026-12-01T09:00:00.000Z',
      solutionProposedAt: '2026-12-01T09:00:00.000Z',
      pendingClosureAt: '2026-12-08T09:00:00.000Z',
    })
    const { deps, scheduler } = setUp({ cases: [pending] })
    await scheduler.set({ caseId: pending.id, kind: 'auto-close', dueAt: '2026-12-22T09:00:00.000Z' })

    // Act
    await transition(deps, pending, '2026-12-10T09:00:00.000Z', { action: 'reopen' }, alice)

    // Assert
    expect(timersOf(scheduler, pending.id)).toEqual({})
    expect(scheduler.calls.at(-1)).toEqual({ op: 'clear', caseId: pending.id, kind: 'auto-close' })
  })

  it('leaves a cancelled case without timers', async () => {
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)

    const cancelled = await transition(deps, created, '2026-12-18T12:10:00.000Z', { action: 'cancel' }, alice)

    expect(cancelled.status).toBe('cancelled')
    expect(timersOf(scheduler, created.id)).toEqual({})
  })

  it('leaves a closed case without timers', async () => {
    // Arrange
    const { deps, scheduler } = setUp()
    const created = await createCase(critical, alice, deps)
    await transition(deps, created, '2026-12-18T12:30:00.000Z', {
      action: 'propose_solution',
      resolution: { kind: 'solved', summary: 'Driver updated.' },
    })

    // Act
    const closed = await transition(deps, created, '2026-12-18T13:00:00.000Z', { action: 'close' }, alice)

    // Assert
    expect(closed.status).toBe('closed')
    expect(timersOf(scheduler, created.id)).toEqual({})
  })

  it('wants no timers for a closed or cancelled case, even with a clock still running', () => {
    const slaClocks = { first_response: aRunningClock(fridayAfternoon, 120) }

    expect(desiredTimers(aCase({ status: 'closed', slaClocks })).size).toBe(0)
    expect(desiredTimers(aCase({ status: 'cancelled', slaClocks })).size).toBe(0)
    expect(desiredTimers(aCase({ status: 'open', slaClocks })).size).toBe(2)
  })

  it('resumes a paused clock when the customer answers and sets the timers at the moved deadline', async () => {
    // Arrange: Monday 14 December, 480 minutes from 09:00 Vienna, paused 12:00–15:00 Vienna
    const filed = aCase({
      createdAt: '2026-12-14T08:00:00.000Z',
      updatedAt: '2026-12-14T08:00:00.000Z',
      slaClocks: { first_response: aRunningClock('2026-12-14T08:00:00.000Z', 480) },
    })
    const waiting = changedAt(filed, '2026-12-14T11:00:00.000Z', { status: 'waiting_on_customer' })
    const { deps, scheduler } = setUp({ cases: [waiting] })

    // Act
    deps.clock.set('2026-12-14T14:00:00.000Z')
    await addComment(waiting.id, { body: 'Here are the logs.', visibility: 'public' }, alice, deps)

    // Assert: due Tuesday 11:00 Vienna; the warning (360 minutes) Tuesday 09:00
    const resumed = deps.cases.cases.get(waiting.id) as Case
    expect(waiting.slaClocks?.first_response).toMatchObject({ state: 'paused', dueAt: null })
    expect(resumed.slaClocks?.first_response).toMatchObject({
      state: 'running',
      dueAt: '2026-12-15T10:00:00.000Z',
    })
    expect(timersOf(scheduler, waiting.id)).toEqual({
      'sla-breach': '2026-12-15T10:00:00.000Z',
      'sla-warning': '2026-12-15T08:00:00.000Z',
    })
  })
})

describe('followCaseTimers when the scheduler fails', () => {
  const before = aCase({ slaClocks: { first_response: aRunningClock(fridayAfternoon, 120) } })
  const cancelled: Case = { ...before, status: 'cancelled', cancelledAt: fridayAfternoon }

  it('throws, so the stream delivers the change again, after trying every timer', async () => {
    // Arrange
    const errors = captureStderrLog()
    const scheduler = new FailingTimerScheduler(['sla-warning'])

    // Act
    const result = followCaseTimers(undefined, before, { scheduler })

    // Assert
    await expect(result).rejects.toThrow()
    expect(timersOf(scheduler, before.id)).toEqual({
      'sla-breach': before.slaClocks?.first_response?.dueAt,
    })
    expect(
      errors().filter((line) => String(line.message).startsWith('could not update the case timers')),
    ).toHaveLength(1)
  })

  it('sets them all when the change is delivered again and the scheduler is back', async () => {
    // Arrange
    captureStderrLog()
    const failing = new FailingTimerScheduler()
    const { scheduler } = setUp()
    await expect(followCaseTimers(undefined, before, { scheduler: failing })).rejects.toThrow()

    // Act
    const followed = await followCaseTimers(undefined, before, { scheduler })

    // Assert
    expect(followed.set.sort()).toEqual(['sla-breach', 'sla-warning'])
    expect(Object.keys(timersOf(scheduler, before.id)).sort()).toEqual(['sla-breach', 'sla-warning'])
  })

  it('clears what the case no longer wants, and a repeated delivery changes nothing more', async () => {
    const { scheduler } = setUp()
    await followCaseTimers(undefined, before, { scheduler })

    const first = await followCaseTimers(before, cancelled, { scheduler })
    const again = await followCaseTimers(before, cancelled, { scheduler })

    expect(first.cleared.sort()).toEqual(['sla-breach', 'sla-warning'])
    expect(again.cleared.sort()).toEqual(['sla-breach', 'sla-warning'])
    expect(timersOf(scheduler, before.id)).toEqual({})
  })
})

describe('desiredTimers after pending closure', () => {
  it('wants the auto-close 14 days after the case went pending closure, and nothing else', () => {
    const pending = aCase({ status: 'pending_closure', pendingClosureAt: '2026-12-08T09:00:00.000Z' })

    expect(Object.fromEntries(desiredTimers(pending))).toEqual({
      'auto-close': new Date(Date.parse('2026-12-08T09:00:00.000Z') + 14 * day).toISOString(),
    })
  })
})
