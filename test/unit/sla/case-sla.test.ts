import { describe, expect, it } from 'vitest'
import { addBusinessMinutes } from '#src/domain/sla/business-time.ts'
import { type Calendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import {
  breachDue,
  clocksOf,
  describeSla,
  followClocks,
  initialClocks,
  markBreached,
  markWarned,
  readClock,
  type SlaClock,
  warningDue,
} from '#src/domain/sla/case-sla.ts'
import { defaultSlaPolicy, type SlaPolicy } from '#src/domain/sla/policy.ts'
import type { LegacySlaClock } from '#src/domain/sla/sla-clock.ts'
import type { Severity } from '#src/domain/vocabulary.ts'
import { aCalendar, everyDay } from './calendar-fixtures.ts'
import { type CaseChange, change, changes, fileCase, iso, type SlaCase, slaContext } from './sla-fixtures.ts'

// The SLA engine (src/domain/sla/case-sla.ts) on the built-in policy (premium): first response and
// next reply critical 120, urgent 240, standard 480, low 960 business minutes; periodic updates
// critical 120, urgent 240 (none for standard and low); resolution critical 1440, urgent 2880,
// standard 7200, low 14400. Warnings at 75 %.
//
// Most cases run on `vienna` in December 2026, when Vienna is UTC+1: the desk is open Mon–Thu
// 07:00–16:00Z (08:00–17:00 local, 540 minutes) and Fri 07:00–13:00Z (08:00–14:00 local).
// Monday 14 December 2026, 08:00Z is 09:00 in Vienna.

const vienna = slaContext({ calendars: [viennaCalendar] })
const followTheSun = slaContext({ calendars: [followTheSunCalendar] })

const monday = (time: string) => iso(`2026-12-14T${time}`)
const tuesday = (time: string) => iso(`2026-12-15T${time}`)
const wednesday = (time: string) => iso(`2026-12-16T${time}`)
const thursday = (time: string) => iso(`2026-12-17T${time}`)
const friday = (time: string) => iso(`2026-12-18T${time}`)

/** A case filed on Monday 14 December at 09:00 Vienna. */
const filedMonday = (severity: Severity, context = vienna) => fileCase(monday('08:00'), severity, context)

const acknowledge = (at: string): CaseChange => ({ at, status: 'open', staff: true })
const staffComment = (at: string): CaseChange => ({ at, staff: true })
const customerComment = (at: string): CaseChange => ({ at, customer: true })
const requestInfo = (at: string): CaseChange => ({ at, status: 'waiting_on_customer', staff: true })
const customerReply = (at: string): CaseChange => ({ at, status: 'in_progress', customer: true })
const proposeSolution = (at: string): CaseChange => ({ at, status: 'solution_proposed', staff: true })
/** Support starts working: not a public reaction, so it answers nothing. */
const start = (at: string): CaseChange => ({ at, status: 'in_progress' })
/**
 * The case waits on the customer without a public reaction first. Today's actions always tell the
 * customer before they wait (request_info is public); the engine pauses any clock that is still open.
 */
const waitSilently = (at: string): CaseChange => ({ at, status: 'waiting_on_customer' })

const clockOf = (c: SlaCase, target: keyof NonNullable<SlaCase['slaClocks']>): SlaClock => {
  const clock = c.slaClocks?.[target]
  if (!clock) throw new Error(`the case has no ${target} clock`)
  return clock
}

describe('initialClocks', () => {
  it('starts first response and resolution on the latest calendar and policy versions', () => {
    // Arrange
    const filed: SlaCase = {
      status: 'new',
      severity: 'critical',
      createdAt: monday('08:00'),
      updatedAt: monday('08:00'),
    }

    // Act
    const clocks = initialClocks(filed, vienna)

    // Assert: 120 minutes from 09:00 Vienna is 11:00 (10:00Z), the warning at 90 minutes 10:30 (09:30Z).
    // 1440 minutes: 480 on Monday, 540 on Tuesday, 420 on Wednesday → Wednesday 15:00 Vienna (14:00Z);
    // the warning at 1080: 480 + 540 + 60 → Wednesday 09:00 Vienna (08:00Z).
    const versions = { calendarId: 'vienna', calendarVersion: 1, policyId: 'default', policyVersion: 1 }
    expect(clocks).toEqual({
      first_response: {
        ...versions,
        targetMinutes: 120,
        startedAt: monday('08:00'),
        pauses: [],
        dueAt: monday('10:00'),
        warnAt: monday('09:30'),
        state: 'running',
      },
      resolution: {
        ...versions,
        targetMinutes: 1440,
        startedAt: monday('08:00'),
        pauses: [],
        dueAt: wednesday('14:00'),
        warnAt: wednesday('08:00'),
        state: 'running',
      },
    })
  })

  it('starts only the targets the policy sets: no resolution clock without a resolution target', () => {
    const { resolutionMinutes: _, ...withoutResolution } = defaultSlaPolicy
    const context = slaContext({ calendars: [viennaCalendar], policies: [withoutResolution] })

    const clocks = fileCase(monday('08:00'), 'critical', context).slaClocks

    expect(Object.keys(clocks ?? {})).toEqual(['first_response'])
  })
})

describe('first response', () => {
  it('is met by support answering in time, with its outcome, and the first periodic update starts', () => {
    // Arrange
    const filed = filedMonday('critical')

    // Act: acknowledged at 10:45 Vienna, 105 business minutes after filing (due 10:00Z)
    const { after, outcomes } = change(filed, acknowledge(monday('09:45')), vienna)

    // Assert
    expect(clockOf(after, 'first_response')).toMatchObject({
      state: 'met',
      endedAt: monday('09:45'),
      dueAt: monday('10:00'),
    })
    expect(clockOf(after, 'first_response')).not.toHaveProperty('warnAt')
    expect(outcomes).toEqual([
      { target: 'first_response', outcome: 'met', businessMinutes: 105, severity: 'critical' },
    ])
    // Periodic updates are owed from the first response on: 120 minutes from 10:45 Vienna.
    expect(clockOf(after, 'periodic_update')).toMatchObject({
      state: 'running',
      cycle: 1,
      startedAt: monday('09:45'),
      dueAt: monday('11:45'),
      warnAt: monday('11:15'),
    })
  })

  it('is still met by an answer exactly at the deadline', () => {
    const { after } = change(filedMonday('critical'), acknowledge(monday('10:00')), vienna)

    expect(clockOf(after, 'first_response').state).toBe('met')
  })

  it('is breached by a late answer, the breach dated at the deadline, not at the answer', () => {
    // Act: answered at 11:30 Vienna, half an hour after the 10:00Z deadline
    const { after, outcomes } = change(filedMonday('critical'), acknowledge(monday('10:30')), vienna)

    // Assert: 150 business minutes counted, from 08:00Z to 10:30Z
    expect(clockOf(after, 'first_response')).toMatchObject({
      state: 'breached',
      breachedAt: monday('10:00'),
      endedAt: monday('10:30'),
    })
    expect(outcomes).toEqual([
      { target: 'first_response', outcome: 'breached', businessMinutes: 150, severity: 'critical' },
    ])
  })

  it('records a deadline passed before any change as a breach dated at the deadline, a day later', () => {
    // Arrange
    const filed = filedMonday('critical')

    // Act: the next change is Tuesday morning, when support starts work (no answer yet)
    const started = change(filed, start(tuesday('09:00')), vienna)
    const answered = change(started.after, staffComment(tuesday('10:00')), vienna)

    // Assert: breached at Monday 10:00Z, still open (no outcome yet) until the answer ends it.
    // Counted: Monday 08:00–16:00Z (480) and Tuesday 07:00–10:00Z (180) = 660.
    expect(clockOf(started.after, 'first_response')).toMatchObject({
      state: 'breached',
      breachedAt: monday('10:00'),
    })
    expect(clockOf(started.after, 'first_response')).not.toHaveProperty('endedAt')
    expect(started.outcomes).toEqual([])
    expect(clockOf(answered.after, 'first_response')).toMatchObject({
      state: 'breached',
      breachedAt: monday('10:00'),
      endedAt: tuesday('10:00'),
    })
    expect(answered.outcomes).toEqual([
      { target: 'first_response', outcome: 'breached', businessMinutes: 660, severity: 'critical' },
    ])
  })

  it('pauses in a paused status and resumes with the deadline moved by the paused business time', () => {
    // Arrange
    const filed = filedMonday('critical')

    // Act: waiting from 10:00 to 14:00 Vienna, 60 minutes into the 120
    const paused = change(filed, waitSilently(monday('09:00')), vienna)
    const resumed = change(paused.after, start(monday('13:00')), vienna)

    // Assert: while paused there is no deadline nor warning; on resuming, 60 minutes are left
    // (due 14:00Z) and 30 until the warning at 90 (13:30Z). The deadline moved by the four hours.
    expect(clockOf(paused.after, 'first_response')).toMatchObject({
      state: 'paused',
      dueAt: null,
      warnAt: null,
      pauses: [{ start: monday('09:00'), reason: 'waiting_on_customer' }],
    })
    expect(clockOf(resumed.after, 'first_response')).toMatchObject({
      state: 'running',
      dueAt: monday('14:00'),
      warnAt: monday('13:30'),
      pauses: [{ start: monday('09:00'), end: monday('13:00'), reason: 'waiting_on_customer' }],
    })
  })

  it('warns at 75 % of the target: the timer finds the warning due at warnAt, once', () => {
    // Arrange: 90 of 120 minutes → 09:30Z
    const clock = clockOf(filedMonday('critical'), 'first_response')

    // Act
    const warned = markWarned(clock, monday('09:30'))

    // Assert
    expect(clock.warnAt).toBe(monday('09:30'))
    expect(warningDue(clock, new Date(iso('2026-12-14T09:29')))).toBe(false)
    expect(warningDue(clock, new Date(monday('09:30')))).toBe(true)
    expect(warned).toMatchObject({ state: 'running', warnedAt: monday('09:30') })
    expect(warned).not.toHaveProperty('warnAt')
    expect(warningDue(warned, new Date(monday('09:45')))).toBe(false)
  })

  it('warns at the share a policy sets instead (warningPercent 50)', () => {
    // Arrange
    const context = slaContext({
      calendars: [viennaCalendar],
      policies: [{ ...defaultSlaPolicy, warningPercent: 50 }],
    })

    // Act
    const clocks = fileCase(monday('08:00'), 'critical', context).slaClocks

    // Assert: 60 of 120 minutes → 09:00Z; 720 of 1440 → 480 on Monday, 240 on Tuesday → 11:00Z
    expect(clocks?.first_response?.warnAt).toBe(monday('09:00'))
    expect(clocks?.resolution?.warnAt).toBe(tuesday('11:00'))
  })

  it('is breached by its timer at the deadline, and the late answer reaches one breached outcome', () => {
    // Arrange
    const filed = filedMonday('critical')
    const clock = clockOf(filed, 'first_response')

    // Act: the breach timer fires at 10:00Z; support answers at 10:20Z
    const breached = markBreached(clock)
    const timed: SlaCase = { ...filed, slaClocks: { ...filed.slaClocks, first_response: breached } }
    const answered = change(timed, acknowledge(monday('10:20')), vienna)

    // Assert
    expect(breachDue(clock, new Date(iso('2026-12-14T09:59')))).toBe(false)
    expect(breachDue(clock, new Date(monday('10:00')))).toBe(true)
    expect(breached).toMatchObject({ state: 'breached', breachedAt: monday('10:00') })
    expect(breached).not.toHaveProperty('warnAt')
    expect(breachDue(breached, new Date(monday('10:10')))).toBe(false)
    expect(answered.outcomes).toEqual([
      { target: 'first_response', outcome: 'breached', businessMinutes: 140, severity: 'critical' },
    ])
  })
})

describe('next reply', () => {
  // Standard severity: first response and next reply 480 minutes, no periodic updates to mix in.

  it('starts only after the first response: a customer comment before it starts nothing', () => {
    const { after } = change(filedMonday('standard'), customerComment(monday('08:30')), vienna)

    expect(after.slaClocks?.next_reply).toBeUndefined()
  })

  it('starts with a customer comment, ignores a second one while open, and is met by a staff reply', () => {
    // Arrange
    const answered = change(filedMonday('standard'), acknowledge(monday('09:00')), vienna).after

    // Act
    const asked = change(answered, customerComment(monday('10:00')), vienna)
    const askedAgain = change(asked.after, customerComment(monday('11:00')), vienna)
    const replied = change(askedAgain.after, staffComment(monday('15:00')), vienna)

    // Assert: 480 from 11:00 Vienna: 360 on Monday, 120 on Tuesday → 09:00Z; the warning at 360 is
    // Monday's closing (16:00Z). The reply came 300 business minutes after the comment.
    expect(clockOf(asked.after, 'next_reply')).toEqual({
      calendarId: 'vienna',
      calendarVersion: 1,
      policyId: 'default',
      policyVersion: 1,
      targetMinutes: 480,
      startedAt: monday('10:00'),
      pauses: [],
      dueAt: tuesday('09:00'),
      warnAt: monday('16:00'),
      state: 'running',
      cycle: 1,
    })
    expect(clockOf(askedAgain.after, 'next_reply')).toBe(clockOf(asked.after, 'next_reply'))
    expect(clockOf(replied.after, 'next_reply')).toMatchObject({ state: 'met', endedAt: monday('15:00') })
    expect(replied.outcomes).toEqual([
      { target: 'next_reply', outcome: 'met', businessMinutes: 300, severity: 'standard' },
    ])
  })

  it('counts its cycles and breaches a late one at its deadline', () => {
    // Arrange: cycle 1 asked and answered on Monday
    const { last } = changes(
      filedMonday('standard'),
      [acknowledge(monday('09:00')), customerComment(monday('10:00')), staffComment(monday('15:00'))],
      vienna,
    )

    // Act: asked again at 16:30 Vienna, answered on Wednesday at 09:00 Vienna
    const asked = change(last, customerComment(monday('15:30')), vienna)
    const replied = change(asked.after, staffComment(wednesday('08:00')), vienna)

    // Assert: 480 from Monday 15:30Z: 30 on Monday, 450 on Tuesday from 07:00Z → 14:30Z. Counted up to
    // the reply: 30 + 540 + 60 = 630.
    expect(clockOf(asked.after, 'next_reply')).toMatchObject({
      cycle: 2,
      startedAt: monday('15:30'),
      dueAt: tuesday('14:30'),
    })
    expect(clockOf(replied.after, 'next_reply')).toMatchObject({
      cycle: 2,
      state: 'breached',
      breachedAt: tuesday('14:30'),
      endedAt: wednesday('08:00'),
    })
    expect(replied.outcomes).toEqual([
      { target: 'next_reply', outcome: 'breached', businessMinutes: 630, severity: 'standard' },
    ])
  })

  it('pauses while the case waits on the customer and resumes with the paused time added', () => {
    // Arrange: cycle 1 from 11:00 Vienna, due Tuesday 09:00Z
    const { last } = changes(
      filedMonday('standard'),
      [acknowledge(monday('09:00')), customerComment(monday('10:00'))],
      vienna,
    )

    // Act: waiting from Monday 12:00Z to Tuesday 08:00Z
    const { last: resumed } = changes(last, [waitSilently(monday('12:00')), start(tuesday('08:00'))], vienna)

    // Assert: 120 counted before the pause, 360 left from Tuesday 08:00Z → 14:00Z; the deadline moved
    // by the 300 business minutes paused (240 on Monday afternoon, 60 on Tuesday morning).
    expect(clockOf(resumed, 'next_reply')).toMatchObject({
      state: 'running',
      dueAt: tuesday('14:00'),
      pauses: [{ start: monday('12:00'), end: tuesday('08:00'), reason: 'waiting_on_customer' }],
    })
  })
})

describe('periodic update', () => {
  it('counts its cycles up: each public update ends one and starts the next while the case is with support', () => {
    // Arrange
    const filed = filedMonday('critical')

    // Act
    const steps = changes(
      filed,
      [
        acknowledge(monday('09:00')), // cycle 1 from 10:00 Vienna, due 11:00Z
        staffComment(monday('10:30')), // cycle 1 met after 90; cycle 2 due 12:30Z
        staffComment(monday('13:00')), // cycle 2 breached at 12:30Z after 150; cycle 3 due 15:00Z
        requestInfo(monday('14:00')), // cycle 3 met after 60; none while waiting on the customer
        customerReply(tuesday('08:00')), // back with support: cycle 4, due 10:00Z
      ],
      vienna,
    )
    const [acknowledged, updated, late, waiting, back] = steps.history.map((step) => step.after)
    const periodic = steps.history.map((step) => step.outcomes.filter((o) => o.target === 'periodic_update'))

    // Assert
    expect(acknowledged && clockOf(acknowledged, 'periodic_update')).toMatchObject({
      cycle: 1,
      dueAt: monday('11:00'),
    })
    expect(updated && clockOf(updated, 'periodic_update')).toMatchObject({
      cycle: 2,
      startedAt: monday('10:30'),
      dueAt: monday('12:30'),
    })
    expect(late && clockOf(late, 'periodic_update')).toMatchObject({ cycle: 3, dueAt: monday('15:00') })
    expect(waiting && clockOf(waiting, 'periodic_update')).toMatchObject({
      cycle: 3,
      state: 'met',
      endedAt: monday('14:00'),
    })
    expect(back && clockOf(back, 'periodic_update')).toMatchObject({
      cycle: 4,
      state: 'running',
      startedAt: tuesday('08:00'),
      dueAt: tuesday('10:00'),
    })
    expect(periodic).toEqual([
      [],
      [{ target: 'periodic_update', outcome: 'met', businessMinutes: 90, severity: 'critical' }],
      [{ target: 'periodic_update', outcome: 'breached', businessMinutes: 150, severity: 'critical' }],
      [{ target: 'periodic_update', outcome: 'met', businessMinutes: 60, severity: 'critical' }],
      [],
    ])
  })

  it('is not owed before the first response, nor for a severity without a periodic target', () => {
    const unanswered = change(filedMonday('critical'), start(monday('09:00')), vienna).after
    const standard = change(filedMonday('standard'), acknowledge(monday('09:00')), vienna).after

    expect(unanswered.slaClocks?.periodic_update).toBeUndefined()
    expect(standard.slaClocks?.periodic_update).toBeUndefined()
  })
})

describe('resolution', () => {
  it('pauses while waiting on the customer and resumes with the paused business time added', () => {
    // Arrange: due Wednesday 14:00Z
    const filed = filedMonday('critical')

    // Act: support asks at 11:00 Vienna (120 counted), the customer answers Tuesday 09:00 Vienna
    const asked = change(filed, requestInfo(monday('10:00')), vienna)
    const answered = change(asked.after, customerReply(tuesday('08:00')), vienna)

    // Assert: 1320 left from Tuesday 08:00Z: 480 on Tuesday, 540 on Wednesday, 300 on Thursday →
    // Thursday 12:00Z. The warning at 1080 (960 left): 480 + 480 → Wednesday 15:00Z.
    expect(clockOf(asked.after, 'resolution')).toMatchObject({
      state: 'paused',
      dueAt: null,
      warnAt: null,
      pauses: [{ start: monday('10:00'), reason: 'waiting_on_customer' }],
    })
    expect(clockOf(answered.after, 'resolution')).toMatchObject({
      state: 'running',
      dueAt: thursday('12:00'),
      warnAt: wednesday('15:00'),
    })
    expect(asked.outcomes.map((o) => o.target)).toEqual(['first_response'])
  })

  it('ends with a proposal, resumes when the customer reopens without counting the wait, and reaches one outcome at the close', () => {
    // Arrange: asked and answered as above, so due Thursday 12:00Z
    const { last } = changes(
      filedMonday('critical'),
      [requestInfo(monday('10:00')), customerReply(tuesday('08:00'))],
      vienna,
    )

    // Act: proposed on Wednesday at 10:00 Vienna, reopened on Friday at 11:00 Vienna, proposed again
    // on Monday 21 December at 13:00 Vienna and confirmed by the customer an hour later
    const steps = changes(
      last,
      [
        proposeSolution(wednesday('09:00')),
        customerReply(friday('10:00')),
        proposeSolution(iso('2026-12-21T12:00')),
        { at: iso('2026-12-21T13:00'), status: 'closed' },
      ],
      vienna,
    )
    const [proposed, reopened, proposedAgain, closed] = steps.history
    const resolutionOutcomes = steps.outcomes.filter((o) => o.target === 'resolution')

    // Assert: 720 counted at the proposal (Monday 120, Tuesday 480, Wednesday 120), 720 left after
    // the reopening: 180 on Friday until 13:00Z, 540 on Monday 21 → 16:00Z; the warning at 1080
    // (360 left): 180 on Friday, 180 on Monday → 10:00Z. The old deadline (Thursday) has passed, but
    // the wait for the customer's answer is a pause: not breached.
    expect(proposed && clockOf(proposed.after, 'resolution')).toMatchObject({
      state: 'met',
      endedAt: wednesday('09:00'),
    })
    expect(proposed?.outcomes.filter((o) => o.target === 'resolution')).toEqual([])
    expect(reopened && clockOf(reopened.after, 'resolution')).toEqual({
      calendarId: 'vienna',
      calendarVersion: 1,
      policyId: 'default',
      policyVersion: 1,
      targetMinutes: 1440,
      startedAt: monday('08:00'),
      pauses: [
        { start: monday('10:00'), end: tuesday('08:00'), reason: 'waiting_on_customer' },
        { start: wednesday('09:00'), end: friday('10:00'), reason: 'solution_proposed' },
      ],
      dueAt: iso('2026-12-21T16:00'),
      warnAt: iso('2026-12-21T10:00'),
      state: 'running',
    })
    expect(proposedAgain && clockOf(proposedAgain.after, 'resolution').state).toBe('met')
    expect(closed && clockOf(closed.after, 'resolution').state).toBe('met')
    // 720 + 180 on Friday + 300 on Monday 21 up to the second proposal
    expect(resolutionOutcomes).toEqual([
      { target: 'resolution', outcome: 'met', businessMinutes: 1200, severity: 'critical' },
    ])
  })

  it('resumes after pending closure with the whole wait since the proposal as a pause', () => {
    // Arrange: proposed on Wednesday 16 December at 10:00 Vienna after 720 minutes (as above);
    // pending closure a week later
    const { last } = changes(
      filedMonday('critical'),
      [
        requestInfo(monday('10:00')),
        customerReply(tuesday('08:00')),
        proposeSolution(wednesday('09:00')),
        { at: iso('2026-12-23T09:00'), status: 'pending_closure' },
      ],
      vienna,
    )

    // Act: the customer reopens on Monday 28 December at 09:00 Vienna
    const { after } = change(last, { at: iso('2026-12-28T08:00'), status: 'in_progress' }, vienna)

    // Assert: 720 left from Monday 28 December 08:00Z: 480 that day, 240 on Tuesday 29 → 11:00Z
    expect(clockOf(after, 'resolution')).toMatchObject({
      state: 'running',
      dueAt: iso('2026-12-29T11:00'),
      pauses: [
        { start: monday('10:00'), end: tuesday('08:00') },
        { start: wednesday('09:00'), end: iso('2026-12-28T08:00'), reason: 'solution_proposed' },
      ],
    })
  })

  it('stays breached when reopened after a late proposal, and ends breached', () => {
    // Arrange: proposed on Thursday 09:00 Vienna, after the Wednesday 14:00Z deadline
    const proposed = change(filedMonday('critical'), proposeSolution(thursday('08:00')), vienna).after

    // Act
    const { history, outcomes } = changes(
      proposed,
      [customerReply(friday('10:00')), { at: friday('11:00'), status: 'cancelled' }],
      vienna,
    )

    // Assert: counted 1440 + 120 (Wednesday afternoon) + 60 (Thursday morning) + 60 (Friday after the reopening)
    expect(clockOf(proposed, 'resolution')).toMatchObject({
      state: 'breached',
      breachedAt: wednesday('14:00'),
    })
    expect(history[0] && clockOf(history[0].after, 'resolution')).toMatchObject({
      state: 'breached',
      breachedAt: wednesday('14:00'),
    })
    expect(history[0]?.after.slaClocks?.resolution).not.toHaveProperty('endedAt')
    expect(outcomes.filter((o) => o.target === 'resolution')).toEqual([
      { target: 'resolution', outcome: 'breached', businessMinutes: 1680, severity: 'critical' },
    ])
  })

  // Bug fixed with these tests: the resolution clock ends with a proposal, so a severity change while
  // the proposal waits does not retarget it; reopening used to resume it with the old target.
  it("counts on with the target of the case's severity now when reopened after a severity change", () => {
    // Arrange: low (14400) until support proposes at 11:00 Vienna, 120 minutes in; then critical (1440)
    const { last } = changes(
      filedMonday('low'),
      [proposeSolution(monday('10:00')), { at: monday('11:00'), severity: 'critical' }],
      vienna,
    )

    // Act: the customer reopens on Tuesday at 09:00 Vienna
    const { after } = change(last, customerReply(tuesday('08:00')), vienna)

    // Assert: 1320 left of 1440: 480 on Tuesday, 540 on Wednesday, 300 on Thursday → 12:00Z
    expect(clockOf(last, 'resolution')).toMatchObject({ state: 'met', targetMinutes: 14400 })
    expect(clockOf(after, 'resolution')).toMatchObject({
      state: 'running',
      targetMinutes: 1440,
      dueAt: thursday('12:00'),
    })
  })

  it('ends stopped when reopened after a change to a severity without a resolution target', () => {
    // Arrange: a policy with a resolution target for critical cases only
    const criticalOnly: SlaPolicy = {
      ...defaultSlaPolicy,
      resolutionMinutes: { premium: { critical: 1440 }, standard: { critical: 2880 } },
    }
    const context = slaContext({ calendars: [viennaCalendar], policies: [criticalOnly] })
    const { last } = changes(
      fileCase(monday('08:00'), 'critical', context),
      [proposeSolution(monday('10:00')), { at: monday('11:00'), severity: 'low' }],
      context,
    )

    // Act
    const { history, outcomes } = changes(
      last,
      [customerReply(tuesday('08:00')), { at: tuesday('09:00'), status: 'cancelled' }],
      context,
    )

    // Assert
    expect(history[0] && clockOf(history[0].after, 'resolution')).toMatchObject({
      state: 'stopped',
      endedAt: tuesday('08:00'),
    })
    expect(outcomes.filter((o) => o.target === 'resolution')).toEqual([])
  })
})

describe('severity changes', () => {
  it('retarget open clocks from their original start, keeping every pause', () => {
    // Arrange: standard (480), waiting on the customer from 10:00 to 12:00 Vienna
    const { last } = changes(
      filedMonday('standard'),
      [waitSilently(monday('09:00')), start(monday('11:00'))],
      vienna,
    )

    // Act: critical at 12:30 Vienna, urgent at 12:45 Vienna
    const critical = change(last, { at: monday('11:30'), severity: 'critical' }, vienna)
    const urgent = change(critical.after, { at: monday('11:45'), severity: 'urgent' }, vienna)

    // Assert: 60 minutes before the pause, then 60 (critical: 120) or 180 (urgent: 240) after 11:00Z
    expect(clockOf(critical.after, 'first_response')).toMatchObject({
      targetMinutes: 120,
      startedAt: monday('08:00'),
      state: 'running',
      dueAt: monday('12:00'),
      pauses: [{ start: monday('09:00'), end: monday('11:00') }],
    })
    expect(clockOf(urgent.after, 'first_response')).toMatchObject({
      targetMinutes: 240,
      dueAt: monday('14:00'),
    })
  })

  it('breach a clock whose new deadline has passed, dated at the new deadline; a later, longer target lifts it', () => {
    // Arrange: standard (480, due 16:00Z), 180 minutes in
    const filed = filedMonday('standard')

    // Act: critical at 12:00 Vienna (120: due 10:00Z, passed), back to standard half an hour later
    const critical = change(filed, { at: monday('11:00'), severity: 'critical' }, vienna)
    const standard = change(critical.after, { at: monday('11:30'), severity: 'standard' }, vienna)

    // Assert: the rule of retarget (case-sla.ts): a breach stands only if the new deadline has passed too
    expect(clockOf(critical.after, 'first_response')).toMatchObject({
      state: 'breached',
      dueAt: monday('10:00'),
      breachedAt: monday('10:00'),
    })
    expect(critical.outcomes).toEqual([])
    expect(clockOf(standard.after, 'first_response')).toMatchObject({
      state: 'running',
      dueAt: monday('16:00'),
    })
    expect(clockOf(standard.after, 'first_response')).not.toHaveProperty('breachedAt')
  })

  it('end a clock stopped when the new severity has no such target, and give a breached one its outcome', () => {
    // Arrange: critical, acknowledged at 10:00 Vienna: periodic cycle 1 due 11:00Z
    const acknowledged = change(filedMonday('critical'), acknowledge(monday('09:00')), vienna).after

    // Act: standard (no periodic target) at 11:30 Vienna, in time; or at 13:00 Vienna, late
    const inTime = change(acknowledged, { at: monday('10:30'), severity: 'standard' }, vienna)
    const late = change(acknowledged, { at: monday('12:00'), severity: 'standard' }, vienna)

    // Assert
    expect(clockOf(inTime.after, 'periodic_update')).toMatchObject({
      state: 'stopped',
      endedAt: monday('10:30'),
    })
    expect(inTime.outcomes).toEqual([])
    expect(clockOf(late.after, 'periodic_update')).toMatchObject({
      state: 'breached',
      breachedAt: monday('11:00'),
      endedAt: monday('12:00'),
    })
    expect(late.outcomes).toEqual([
      { target: 'periodic_update', outcome: 'breached', businessMinutes: 180, severity: 'standard' },
    ])
  })
})

describe('the end of the case', () => {
  it('stops every open clock when the customer cancels in time, with no outcome', () => {
    const { after, outcomes } = change(
      filedMonday('critical'),
      { at: monday('09:00'), status: 'cancelled' },
      vienna,
    )

    expect(clockOf(after, 'first_response')).toMatchObject({ state: 'stopped', endedAt: monday('09:00') })
    expect(clockOf(after, 'resolution')).toMatchObject({ state: 'stopped', endedAt: monday('09:00') })
    expect(outcomes).toEqual([])
  })

  it('ends an overdue clock breached at its deadline and reports it', () => {
    const { after, outcomes } = change(
      filedMonday('critical'),
      { at: monday('11:00'), status: 'cancelled' },
      vienna,
    )

    expect(clockOf(after, 'first_response')).toMatchObject({
      state: 'breached',
      breachedAt: monday('10:00'),
      endedAt: monday('11:00'),
    })
    expect(clockOf(after, 'resolution').state).toBe('stopped')
    expect(outcomes).toEqual([
      { target: 'first_response', outcome: 'breached', businessMinutes: 180, severity: 'critical' },
    ])
  })

  it('meets first response and resolution when support closes the case (closing tells the customer)', () => {
    const { outcomes } = change(
      filedMonday('critical'),
      { at: monday('09:00'), status: 'closed', staff: true },
      vienna,
    )

    expect(outcomes).toEqual([
      { target: 'first_response', outcome: 'met', businessMinutes: 60, severity: 'critical' },
      { target: 'resolution', outcome: 'met', businessMinutes: 60, severity: 'critical' },
    ])
  })
})

describe('versions', () => {
  // Version 2 of `vienna` is open around the clock and version 2 of the policy warns at 50 % and wants
  // updates every hour: a clock read on the latest versions instead of its own would show it.
  const aroundTheClock: Calendar = aCalendar({
    id: 'vienna',
    weeklyHours: everyDay([{ start: '00:00', end: '24:00' }]),
  })
  const hourly: SlaPolicy = {
    ...defaultSlaPolicy,
    warningPercent: 50,
    periodicUpdateMinutes: { premium: { critical: 60 }, standard: { critical: 60 } },
  }
  const published = slaContext({
    calendars: [viennaCalendar, aroundTheClock],
    policies: [defaultSlaPolicy, hourly],
  })

  it('stick: a clock keeps its calendar and policy versions, and the engine counts on them, not the latest', () => {
    // Arrange: filed on version 1; version 2 is published before anything else happens
    const filed = filedMonday('critical')

    // Act: waiting from 10:00 to 19:00 Vienna, then acknowledged on Tuesday at 08:45 Vienna
    const { history } = changes(
      filed,
      [waitSilently(monday('09:00')), start(monday('18:00')), acknowledge(tuesday('07:45'))],
      published,
    )
    const [, resumed, acknowledged] = history

    // Assert: on version 1 (vienna), 60 minutes were left at 19:00 Vienna: Tuesday 07:00Z + 60 = 08:00Z,
    // the warning at 75 % (90, 30 left) at 07:30Z. Around the clock it would have been Monday 19:00Z.
    expect(resumed && clockOf(resumed.after, 'first_response')).toMatchObject({
      calendarVersion: 1,
      policyVersion: 1,
      dueAt: tuesday('08:00'),
      warnAt: tuesday('07:30'),
    })
    // Counted on vienna: 60 on Monday, 45 on Tuesday
    expect(acknowledged?.outcomes).toEqual([
      { target: 'first_response', outcome: 'met', businessMinutes: 105, severity: 'critical' },
    ])
    expect(acknowledged && clockOf(acknowledged.after, 'resolution')).toMatchObject({
      calendarVersion: 1,
      policyVersion: 1,
    })
    // A clock that starts now starts on the latest versions: an hour around the clock, warned at 30 minutes.
    expect(acknowledged && clockOf(acknowledged.after, 'periodic_update')).toMatchObject({
      calendarVersion: 2,
      policyVersion: 2,
      targetMinutes: 60,
      dueAt: tuesday('08:45'),
      warnAt: tuesday('08:15'),
    })
  })
})

describe('daylight saving time and holidays', () => {
  // Each case starts a clock of one kind (first response and resolution at filing, periodic update at
  // the acknowledgement, next reply at a customer comment) and checks its deadline.
  type Case = {
    name: string
    calendar: 'vienna' | 'follow-the-sun'
    severity: Severity
    target: 'first_response' | 'next_reply' | 'periodic_update' | 'resolution'
    filedAt: string
    /** The acknowledgement (periodic update starts) or the customer comment after it (next reply starts). */
    startsAt?: string
    dueAt: string
  }
  const cases: Case[] = [
    {
      // Friday 26 March 2027, 13:00 CET (UTC+1): 60 minutes to the 14:00 closing. Easter Monday (29,
      // Ostermontag) is closed; Tuesday 30 March is summer time (UTC+2, since the 28th): 08:00 CEST is
      // 06:00Z, +420 → 13:00Z (15:00 CEST). Counted in winter time it would be 14:00Z.
      name: 'first response, vienna, across Easter and the last Sunday of March',
      calendar: 'vienna',
      severity: 'standard',
      target: 'first_response',
      filedAt: iso('2027-03-26T12:00'),
      dueAt: iso('2027-03-30T13:00'),
    },
    {
      // Monday 7 December 2026, 16:00 Vienna: 60 minutes to closing; Tuesday 8 December (Mariä
      // Empfängnis) is closed; Wednesday 08:00 Vienna (07:00Z) + 60 → 08:00Z.
      name: 'first response, vienna, across 8 December',
      calendar: 'vienna',
      severity: 'critical',
      target: 'first_response',
      filedAt: iso('2026-12-07T15:00'),
      dueAt: iso('2026-12-09T08:00'),
    },
    {
      // Friday 23 October 2026, 13:00 CEST (UTC+2): 60 minutes to 14:00 (12:00Z). Monday 26 October
      // (Nationalfeiertag) is closed; Tuesday 27 is winter time (UTC+1, since the 25th): 08:00 CET is
      // 07:00Z, +60 → 08:00Z. Counted in summer time it would be 07:00Z.
      name: 'next reply, vienna, across the last Sunday of October and the national holiday',
      calendar: 'vienna',
      severity: 'critical',
      target: 'next_reply',
      filedAt: iso('2026-10-23T08:00'),
      startsAt: iso('2026-10-23T11:00'),
      dueAt: iso('2026-10-27T08:00'),
    },
    {
      // Urgent: 240. Friday 26 March 2027 13:00 CET: 60 minutes; Easter Monday closed; Tuesday 30 March
      // 08:00 CEST (06:00Z) + 180 → 09:00Z.
      name: 'periodic update, vienna, across Easter and the last Sunday of March',
      calendar: 'vienna',
      severity: 'urgent',
      target: 'periodic_update',
      filedAt: iso('2027-03-26T11:00'),
      startsAt: iso('2027-03-26T12:00'),
      dueAt: iso('2027-03-30T09:00'),
    },
    {
      // Wednesday 23 December 2026 from 09:00 Vienna: 480. Closed on the 24th (Heiliger Abend), 25th
      // (Christtag), 26th (Stefanitag, a Saturday) and the Sunday; Monday 28: 540; Tuesday 29 from
      // 07:00Z: 420 → 14:00Z.
      name: 'resolution, vienna, across Christmas',
      calendar: 'vienna',
      severity: 'critical',
      target: 'resolution',
      filedAt: iso('2026-12-23T08:00'),
      dueAt: iso('2026-12-29T14:00'),
    },
    {
      // Friday 12 March 2027 (all desks on winter time: open 08:00Z Paris – 22:00Z New York): 120
      // minutes to 22:00Z. The US switch on Sunday 14 March: New York now closes at 21:00Z, so Monday
      // 15 is open 08:00–21:00Z (780) → 540 left; Tuesday 16 08:00Z + 540 → 17:00Z. Without the
      // switch Monday would hold 840 and the deadline be 16:00Z.
      name: 'resolution, follow-the-sun, across the US switch (14 March 2027)',
      calendar: 'follow-the-sun',
      severity: 'critical',
      target: 'resolution',
      filedAt: iso('2027-03-12T20:00'),
      dueAt: iso('2027-03-16T17:00'),
    },
    {
      // Good Friday 26 March 2027: London closed, Paris closes 16:00Z, New York (EDT since the 14th)
      // 21:00Z: 60 minutes from 20:00Z. Easter Monday 29 March, after the EU switch: London and Paris
      // closed, New York open 13:00–21:00Z: 13:00Z + 420 → 20:00Z.
      name: 'first response, follow-the-sun, across Easter and the EU switch (28 March 2027)',
      calendar: 'follow-the-sun',
      severity: 'standard',
      target: 'first_response',
      filedAt: iso('2027-03-26T20:00'),
      dueAt: iso('2027-03-29T20:00'),
    },
    {
      // The gap week: New York on EDT, Europe on winter time, so the desks cover 08:00–21:00Z.
      // Wednesday 17 March 2027 20:30Z: 30 minutes to 21:00Z; Thursday 08:00Z (Paris 09:00 CET) + 210
      // → 11:30Z. On winter time New York would close at 22:00Z and the deadline be 10:30Z.
      name: 'periodic update, follow-the-sun, in the gap week between the US and EU switches',
      calendar: 'follow-the-sun',
      severity: 'urgent',
      target: 'periodic_update',
      filedAt: iso('2027-03-17T20:00'),
      startsAt: iso('2027-03-17T20:30'),
      dueAt: iso('2027-03-18T11:30'),
    },
    {
      // Thursday 25 March 2027, 20:00Z: 60 minutes to New York's 17:00 EDT. Good Friday: London closed,
      // Paris opens at 09:00 CET (08:00Z): + 60 → 09:00Z (London alone would open at 09:00Z).
      name: 'next reply, follow-the-sun, in the gap week and across Good Friday',
      calendar: 'follow-the-sun',
      severity: 'critical',
      target: 'next_reply',
      filedAt: iso('2027-03-25T14:00'),
      startsAt: iso('2027-03-25T20:00'),
      dueAt: iso('2027-03-26T09:00'),
    },
  ]

  it.each(cases)('$name', ({ calendar, severity, target, filedAt, startsAt, dueAt }) => {
    // Arrange
    const context = calendar === 'vienna' ? vienna : followTheSun
    const filed = fileCase(filedAt, severity, context)
    const steps: CaseChange[] =
      target === 'periodic_update' && startsAt
        ? [acknowledge(startsAt)]
        : target === 'next_reply' && startsAt
          ? [acknowledge(filedAt), customerComment(startsAt)]
          : []

    // Act
    const { last } = changes(filed, steps, context)

    // Assert
    expect(clockOf(last, target)).toMatchObject({ startedAt: startsAt ?? filedAt, dueAt, state: 'running' })
  })

  it('pauses a Vienna resolution across the October switch and counts the local hours after it', () => {
    // Arrange: critical (1440), filed Thursday 22 October 2026 at 09:00 CEST (07:00Z); Thursday is open
    // 06:00–15:00Z in summer time
    const filed = fileCase(iso('2026-10-22T07:00'), 'critical', vienna)

    // Act: waiting from 11:00 CEST (09:00Z, 120 counted) to Tuesday 27 October 09:00 CET (08:00Z)
    const { last } = changes(
      filed,
      [requestInfo(iso('2026-10-22T09:00')), customerReply(iso('2026-10-27T08:00'))],
      vienna,
    )

    // Assert: 1320 left from Tuesday 27 October 08:00Z (winter time, open 07:00–16:00Z): 480 that day,
    // 540 on Wednesday 28, 300 on Thursday 29 from 07:00Z → 12:00Z
    expect(clockOf(last, 'resolution')).toMatchObject({ state: 'running', dueAt: iso('2026-10-29T12:00') })
  })
})

describe('describeSla', () => {
  it('reads the first response as before and every clock in brief, with the soonest running deadline', () => {
    // Arrange: acknowledged at 10:45 Vienna: periodic update due 11:45Z, resolution Wednesday 14:00Z
    const acknowledged = change(filedMonday('critical'), acknowledge(monday('09:45')), vienna).after

    // Act
    const view = describeSla(acknowledged, viennaCalendar, new Date(monday('11:00')))

    // Assert
    expect(view).toEqual({
      calendarId: 'vienna',
      targetMinutes: 120,
      dueAt: monday('10:00'),
      firstResponseAt: monday('09:45'),
      state: 'met',
      businessMinutesElapsed: 105,
      businessMinutesRemaining: 15,
      nextDueAt: monday('11:45'),
      clocks: [
        { target: 'first_response', state: 'met', dueAt: monday('10:00') },
        { target: 'periodic_update', state: 'running', dueAt: monday('11:45') },
        { target: 'resolution', state: 'running', dueAt: wednesday('14:00') },
      ],
    })
  })

  it('reads a running clock past its deadline as breached before its timer fires', () => {
    // Arrange
    const filed = filedMonday('critical')
    const acknowledged = change(filed, acknowledge(monday('09:45')), vienna).after

    // Act
    const atDeadline = describeSla(filed, viennaCalendar, new Date(monday('10:00')))
    const past = describeSla(filed, viennaCalendar, new Date(iso('2026-12-14T10:01')))
    const periodicPast = describeSla(acknowledged, viennaCalendar, new Date(monday('12:00')))

    // Assert
    expect(atDeadline).toMatchObject({
      state: 'running',
      businessMinutesElapsed: 120,
      businessMinutesRemaining: 0,
    })
    expect(past).toMatchObject({
      state: 'breached',
      businessMinutesElapsed: 121,
      businessMinutesRemaining: 0,
    })
    expect(periodicPast?.clocks).toContainEqual({
      target: 'periodic_update',
      state: 'breached',
      dueAt: monday('11:45'),
    })
    // The stored state is still running, so the deadline still orders the queue.
    expect(periodicPast?.nextDueAt).toBe(monday('11:45'))
  })

  it('shows a paused first response with the time it paused; no deadline orders a case whose clocks all stand still', () => {
    // Arrange: waiting from 10:00 Vienna, 60 minutes in
    const paused = change(filedMonday('critical'), waitSilently(monday('09:00')), vienna).after

    // Act
    const view = describeSla(paused, viennaCalendar, new Date(monday('15:00')))

    // Assert
    expect(view).toMatchObject({
      state: 'paused',
      dueAt: null,
      pausedSince: monday('09:00'),
      businessMinutesElapsed: 60,
      businessMinutesRemaining: 60,
      nextDueAt: null,
    })
  })

  it('is undefined for a case without a first-response clock', () => {
    const c: SlaCase = {
      status: 'new',
      severity: 'low',
      createdAt: monday('08:00'),
      updatedAt: monday('08:00'),
    }

    expect(describeSla(c, viennaCalendar, new Date(monday('09:00')))).toBeUndefined()
  })
})

describe('readClock', () => {
  it('explains a resumed clock: its versions, the pause named by its reason, the counted hours', () => {
    // Arrange: the resolution waited on the customer from Monday 11:00 to Tuesday 09:00 Vienna
    const { last } = changes(
      filedMonday('critical'),
      [requestInfo(monday('10:00')), customerReply(tuesday('08:00'))],
      vienna,
    )

    // Act
    const reading = readClock(
      'resolution',
      clockOf(last, 'resolution'),
      viennaCalendar,
      new Date(tuesday('09:00')),
    )

    // Assert: 120 on Monday and 60 on Tuesday counted so far; due Thursday 12:00Z
    expect(reading).toMatchObject({
      target: 'resolution',
      state: 'running',
      targetMinutes: 1440,
      startedAt: monday('08:00'),
      dueAt: thursday('12:00'),
      warnAt: wednesday('15:00'),
      businessMinutesElapsed: 180,
      businessMinutesRemaining: 1260,
      calendar: { id: 'vienna', version: 1 },
      policy: { id: 'default', version: 1 },
    })
    expect(reading).not.toHaveProperty('pausedSince')
    // The pause covers Monday afternoon and Tuesday's first hour; the night between is outside hours.
    expect(reading.explanation.skipped).toEqual([
      { start: monday('10:00'), end: monday('16:00'), reason: 'paused', name: 'waiting on the customer' },
      { start: monday('16:00'), end: tuesday('07:00'), reason: 'outside_hours' },
      { start: tuesday('07:00'), end: tuesday('08:00'), reason: 'paused', name: 'waiting on the customer' },
      { start: tuesday('16:00'), end: wednesday('07:00'), reason: 'outside_hours' },
      { start: wednesday('16:00'), end: thursday('07:00'), reason: 'outside_hours' },
    ])
    expect(reading.explanation.counted.reduce((sum, interval) => sum + interval.minutes, 0)).toBe(1440)
  })

  it('names a proposal wait in the explanation of a reopened resolution', () => {
    const { last } = changes(
      filedMonday('critical'),
      [proposeSolution(monday('10:00')), customerReply(monday('12:00'))],
      vienna,
    )

    const reading = readClock(
      'resolution',
      clockOf(last, 'resolution'),
      viennaCalendar,
      new Date(monday('12:00')),
    )

    expect(reading.explanation.skipped).toContainEqual({
      start: monday('10:00'),
      end: monday('12:00'),
      reason: 'paused',
      name: 'a solution was proposed, awaiting the customer',
    })
  })

  it('shows a paused clock with pausedSince and no deadline, and a cycle with its number', () => {
    // Arrange: a next-reply cycle 1 (standard: 480) from 11:00 Vienna, waiting from 13:00 Vienna
    const { last } = changes(
      filedMonday('standard'),
      [acknowledge(monday('09:00')), customerComment(monday('10:00')), waitSilently(monday('12:00'))],
      vienna,
    )

    // Act
    const reading = readClock(
      'next_reply',
      clockOf(last, 'next_reply'),
      viennaCalendar,
      new Date(tuesday('12:00')),
    )

    // Assert
    expect(reading).toMatchObject({
      state: 'paused',
      dueAt: null,
      warnAt: null,
      pausedSince: monday('12:00'),
      cycle: 1,
      businessMinutesElapsed: 120,
      businessMinutesRemaining: 360,
    })
  })

  it('explains what an ended clock counted, up to its end', () => {
    const acknowledged = change(filedMonday('critical'), acknowledge(monday('09:45')), vienna).after

    const reading = readClock(
      'first_response',
      clockOf(acknowledged, 'first_response'),
      viennaCalendar,
      new Date(tuesday('12:00')),
    )

    expect(reading).toMatchObject({ state: 'met', endedAt: monday('09:45'), businessMinutesElapsed: 105 })
    expect(reading.explanation.counted).toEqual([
      { start: monday('08:00'), end: monday('09:45'), minutes: 105 },
    ])
  })
})

describe('clocksOf', () => {
  // A case stored before there were several clocks: one first-response clock, no versions.
  const legacy = (clock: Partial<LegacySlaClock>): LegacySlaClock => ({
    calendarId: 'vienna',
    targetMinutes: 120,
    startedAt: monday('08:00'),
    pauses: [],
    dueAt: monday('10:00'),
    state: 'running',
    ...clock,
  })
  const legacyCase = (slaClock: LegacySlaClock, firstResponseAt?: string): SlaCase => ({
    status: 'open',
    severity: 'critical',
    createdAt: monday('08:00'),
    updatedAt: monday('08:00'),
    slaClock,
    ...(firstResponseAt ? { firstResponseAt } : {}),
  })

  it.each([
    {
      name: 'met: ended when it was met',
      clock: legacy({ state: 'met', metAt: monday('09:30') }),
      firstResponseAt: monday('09:30'),
      expected: { state: 'met', endedAt: monday('09:30') },
    },
    {
      name: 'breached and answered: ended at the first response',
      clock: legacy({ state: 'breached', breachedAt: monday('10:00') }),
      firstResponseAt: monday('11:00'),
      expected: { state: 'breached', breachedAt: monday('10:00'), endedAt: monday('11:00') },
    },
    {
      name: 'breached and unanswered: still open',
      clock: legacy({ state: 'breached', breachedAt: monday('10:00') }),
      expected: { state: 'breached', breachedAt: monday('10:00') },
    },
    {
      name: 'stopped: ended when the case ended',
      clock: legacy({ state: 'stopped', stoppedAt: monday('09:00') }),
      expected: { state: 'stopped', endedAt: monday('09:00') },
    },
    {
      name: 'running: open',
      clock: legacy({ warnedAt: monday('09:36') }),
      expected: { state: 'running', dueAt: monday('10:00'), warnedAt: monday('09:36') },
    },
    {
      name: 'paused: open, with its open pause',
      clock: legacy({ state: 'paused', dueAt: null, pauses: [{ start: monday('09:00') }] }),
      expected: { state: 'paused', dueAt: null, pauses: [{ start: monday('09:00') }] },
    },
  ])('reads a legacy clock as the first-response clock ($name)', ({ clock, firstResponseAt, expected }) => {
    // Act
    const clocks = clocksOf(legacyCase(clock, firstResponseAt))

    // Assert
    expect(Object.keys(clocks)).toEqual(['first_response'])
    expect(clocks.first_response).toMatchObject({ calendarId: 'vienna', targetMinutes: 120, ...expected })
    expect(clocks.first_response).not.toHaveProperty('metAt')
    expect(clocks.first_response).not.toHaveProperty('stoppedAt')
    if (!('endedAt' in expected)) expect(clocks.first_response).not.toHaveProperty('endedAt')
  })

  it('prefers the clocks a case has over a legacy clock, and reads none for a case with neither', () => {
    const filed = filedMonday('critical')

    expect(clocksOf({ ...filed, slaClock: legacy({ state: 'met', metAt: monday('09:00') }) })).toBe(
      filed.slaClocks,
    )
    expect(
      clocksOf({ status: 'new', severity: 'low', createdAt: monday('08:00'), updatedAt: monday('08:00') }),
    ).toEqual({})
  })

  it('lets a legacy clock follow a change: answered in time it is met, keeps having no versions, and the case is changed', () => {
    // Arrange
    const c = legacyCase(legacy({}))

    // Act
    const followed = followClocks(
      c,
      { ...c, firstResponseAt: monday('09:30'), updatedAt: monday('09:30') },
      vienna,
      { publicStaffUpdate: true },
    )

    // Assert
    expect(followed.changed).toBe(true)
    expect(followed.clocks.first_response).toMatchObject({ state: 'met', endedAt: monday('09:30') })
    expect(followed.clocks.first_response).not.toHaveProperty('calendarVersion')
    expect(followed.outcomes).toEqual([
      { target: 'first_response', outcome: 'met', businessMinutes: 90, severity: 'critical' },
    ])
  })
})

describe('addBusinessMinutes agreement', () => {
  it('gives every open clock the deadline of its start, target and pauses', () => {
    // A clock is only ever its inputs: recomputing from them gives its stored deadline.
    const { last } = changes(
      filedMonday('urgent'),
      [waitSilently(monday('09:00')), start(monday('11:00')), { at: monday('12:00'), severity: 'critical' }],
      vienna,
    )
    for (const clock of [clockOf(last, 'first_response'), clockOf(last, 'resolution')]) {
      const recomputed = addBusinessMinutes({
        start: new Date(clock.startedAt),
        minutes: clock.targetMinutes,
        calendar: viennaCalendar,
        pauses: clock.pauses.map((p) => ({
          start: new Date(p.start),
          ...(p.end ? { end: new Date(p.end) } : {}),
        })),
      })
      expect(clock.dueAt).toBe(recomputed.dueAt?.toISOString())
    }
  })
})
