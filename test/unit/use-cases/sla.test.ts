import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { NotFoundError, ValidationError } from '#src/domain/errors.ts'
import { viennaCalendar } from '#src/domain/sla/calendar.ts'
import { startClock } from '#src/domain/sla/case-sla.ts'
import { defaultSlaPolicy } from '#src/domain/sla/policy.ts'
import { loadSlaContext } from '#src/use-cases/case-sla.ts'
import {
  getCalendar,
  getCaseSla,
  getSlaPolicy,
  listCalendarVersions,
  listSlaPolicyVersions,
  previewSla,
  putCalendar,
  putSlaPolicy,
} from '#src/use-cases/sla.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseStore,
  InMemorySlaSettings,
  rejectionOf,
} from '../fakes/core.ts'
import { aLegacyRunningClock, aRunningClock, changedAt, lateDeskVienna } from '../fakes/sla.ts'

// Friday 18 December 2026, 13:00 in Vienna: an hour before the desk closes for the weekend.
const fridayAfternoon = '2026-12-18T12:00:00.000Z'
const acknowledgedAt = '2026-12-18T12:30:00.000Z'
const savedAt = '2026-12-01T09:00:00.000Z'

/** Filed on Friday afternoon, premium critical: first response 120 minutes, resolution 1440. */
const filed = aCase({
  severity: 'critical',
  createdAt: fridayAfternoon,
  updatedAt: fridayAfternoon,
  slaClocks: {
    first_response: aRunningClock(fridayAfternoon, 120),
    resolution: aRunningClock(fridayAfternoon, 1440),
  },
})
/** Acknowledged 30 minutes later: the first response met, the first periodic update owed. */
const acknowledged = changedAt(
  filed,
  acknowledgedAt,
  { status: 'open', firstResponseAt: acknowledgedAt },
  { publicStaffUpdate: true },
)

function setUp(cases: Case[] = [], at = '2026-12-21T07:30:00.000Z') {
  const slaSettings = new InMemorySlaSettings()
  return {
    slaSettings,
    deps: { cases: new InMemoryCaseStore({ cases }), slaSettings, clock: fixedClock(new Date(at)) },
  }
}

/** Version 2 of vienna: the desk stays open until 20:00 on every weekday. */
const vienna2 = lateDeskVienna

describe('getCaseSla', () => {
  it('shows the reading at the clock time with the explanation of the deadline', async () => {
    const { deps } = setUp([filed])

    const sla = await getCaseSla('case-1', aCustomer(), deps)

    expect(sla).toMatchObject({
      state: 'running',
      dueAt: '2026-12-21T08:00:00.000Z',
      businessMinutesElapsed: 90,
      businessMinutesRemaining: 30,
    })
    expect(sla.explanation.counted.map((interval) => interval.minutes)).toEqual([60, 60])
  })

  it('shows every clock with the versions it keeps and the explanation of its deadline or count', async () => {
    // Arrange: Monday 08:30 Vienna
    const { deps } = setUp([acknowledged])

    // Act
    const sla = await getCaseSla('case-1', aStaffMember(), deps)

    // Assert
    const versions = { calendar: { id: 'vienna', version: 1 }, policy: { id: 'default', version: 1 } }
    expect(sla.clocks.map((clock) => clock.target)).toEqual([
      'first_response',
      'periodic_update',
      'resolution',
    ])
    expect(sla.clocks[0]).toMatchObject({
      ...versions,
      state: 'met',
      endedAt: acknowledgedAt,
      businessMinutesElapsed: 30,
      warnAt: null,
    })
    expect(sla.clocks[1]).toMatchObject({
      ...versions,
      state: 'running',
      cycle: 1,
      startedAt: acknowledgedAt,
      dueAt: '2026-12-21T08:30:00.000Z',
      warnAt: '2026-12-21T08:00:00.000Z',
      businessMinutesElapsed: 60,
      businessMinutesRemaining: 60,
    })
    expect(sla.clocks[2]).toMatchObject({
      ...versions,
      state: 'running',
      targetMinutes: 1440,
      dueAt: '2026-12-23T12:00:00.000Z',
      warnAt: '2026-12-22T15:00:00.000Z',
      businessMinutesElapsed: 90,
    })
    // An ended clock explains what it counted; an open one how its deadline comes about
    expect(sla.clocks[0]?.explanation.counted.map((interval) => interval.minutes)).toEqual([30])
    expect(sla.clocks[1]?.explanation.counted.map((interval) => interval.minutes)).toEqual([30, 90])
    expect(sla.clocks[1]?.explanation.skipped.map((skip) => skip.reason)).toContain('weekend')
  })

  it('explains each clock on the calendar version it keeps', async () => {
    // Arrange: the first response started on version 1; a next reply after version 2 was saved
    const { deps, slaSettings } = setUp([], '2026-12-18T12:30:00.000Z')
    await slaSettings.saveCalendar(vienna2, savedAt)
    const terms = { serviceLevel: 'premium' as const, slaPolicyId: 'default', calendarId: 'vienna' }
    const context = await loadSlaContext('acme', terms, [], { slaSettings })
    const c = aCase({
      ...filed,
      slaClocks: {
        first_response: filed.slaClocks?.first_response,
        next_reply: context && startClock(fridayAfternoon, 120, context, 1),
      },
    })
    deps.cases.cases.set(c.id, c)

    // Act
    const sla = await getCaseSla('case-1', aStaffMember(), deps)

    // Assert: on version 2 Friday's desk is open until 20:00, so the reply is due the same day
    const [first, reply] = sla.clocks
    expect(first).toMatchObject({ calendar: { id: 'vienna', version: 1 }, dueAt: '2026-12-21T08:00:00.000Z' })
    expect(first?.explanation.counted.map((interval) => interval.minutes)).toEqual([60, 60])
    expect(reply).toMatchObject({
      target: 'next_reply',
      calendar: { id: 'vienna', version: 2 },
      dueAt: '2026-12-18T14:00:00.000Z',
    })
    expect(reply?.explanation.counted.map((interval) => interval.minutes)).toEqual([120])
  })

  it('passes the first response of a met clock through', async () => {
    const { deps } = setUp([acknowledged])

    const sla = await getCaseSla('case-1', aStaffMember(), deps)

    expect(sla).toMatchObject({ state: 'met', firstResponseAt: acknowledgedAt })
  })

  it('reads a case stored with the single clock cases had before', async () => {
    // Arrange
    const slaClock = aLegacyRunningClock(fridayAfternoon, '2026-12-21T08:00:00.000Z')
    const { deps } = setUp([aCase({ slaClock })])

    // Act
    const sla = await getCaseSla('case-1', aStaffMember(), deps)

    // Assert
    expect(sla).toMatchObject({ state: 'running', businessMinutesElapsed: 90 })
    expect(sla.clocks).toEqual([
      expect.objectContaining({
        target: 'first_response',
        calendar: { id: 'vienna', version: null },
        policy: { id: null, version: null },
      }),
    ])
  })

  it('answers 404 for a case without a clock', async () => {
    const { deps } = setUp([aCase()])

    const error = await rejectionOf(getCaseSla('case-1', aStaffMember(), deps))

    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as NotFoundError).status).toBe(404)
  })

  it('answers 404 for the case of another account', async () => {
    const { deps } = setUp([aCase({ ...filed, accountId: 'globex' })])

    await expect(getCaseSla('case-1', aCustomer({ accountId: 'acme' }), deps)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('previewSla', () => {
  it('says when a case filed now would be answered, with the warning and the explanation', async () => {
    const { slaSettings } = setUp()

    const preview = await previewSla(
      { calendarId: 'vienna', start: '2026-12-18T13:00:00+01:00', targetMinutes: 120 },
      { slaSettings },
    )

    expect(preview).toMatchObject({
      calendarId: 'vienna',
      calendarVersion: 1,
      target: 'first_response',
      start: fridayAfternoon,
      targetMinutes: 120,
      dueAt: '2026-12-21T08:00:00.000Z',
      warnAt: '2026-12-21T07:30:00.000Z',
    })
    expect(preview.explanation.skipped.map((skip) => skip.reason)).toContain('weekend')
  })

  it("takes the minutes of a target from the policy's service level and severity", async () => {
    const { slaSettings } = setUp()

    const preview = await previewSla(
      {
        calendarId: 'vienna',
        start: fridayAfternoon,
        target: 'resolution',
        serviceLevel: 'premium',
        severity: 'critical',
      },
      { slaSettings },
    )

    expect(preview).toMatchObject({
      target: 'resolution',
      policy: { id: 'default', version: 1 },
      targetMinutes: 1440,
      dueAt: '2026-12-23T12:00:00.000Z',
      warnAt: '2026-12-22T15:00:00.000Z',
    })
  })

  it("uses the named policy's latest version, warning at its share", async () => {
    // Arrange
    const { slaSettings } = setUp()
    const targets = { critical: 60, urgent: 120, standard: 240, low: 480 }
    const gold = { id: 'gold', name: 'Gold', firstResponseMinutes: { premium: targets, standard: targets } }
    await slaSettings.savePolicy(gold, savedAt)
    await slaSettings.savePolicy({ ...gold, warningPercent: 50 }, savedAt)

    // Act
    const preview = await previewSla(
      {
        calendarId: 'vienna',
        start: fridayAfternoon,
        policyId: 'gold',
        serviceLevel: 'standard',
        severity: 'urgent',
      },
      { slaSettings },
    )

    // Assert: 120 minutes, warned after 60, at Friday's closing
    expect(preview).toMatchObject({
      policy: { id: 'gold', version: 2 },
      targetMinutes: 120,
      dueAt: '2026-12-21T08:00:00.000Z',
      warnAt: '2026-12-18T13:00:00.000Z',
    })
  })

  it('counts the pauses given: none of their business time counts', async () => {
    const { slaSettings } = setUp()

    const preview = await previewSla(
      {
        calendarId: 'vienna',
        start: fridayAfternoon,
        targetMinutes: 120,
        pauses: [
          {
            start: '2026-12-21T07:00:00.000Z',
            end: '2026-12-21T09:00:00.000Z',
            reason: 'waiting_on_customer',
          },
        ],
      },
      { slaSettings },
    )

    // Monday 08:00–10:00 Vienna paused: due 11:00 instead of 09:00
    expect(preview.dueAt).toBe('2026-12-21T10:00:00.000Z')
    expect(preview.explanation.skipped).toContainEqual(
      expect.objectContaining({ reason: 'paused', name: 'waiting_on_customer' }),
    )
  })

  it('has no deadline while a pause without an end holds the clock', async () => {
    const { slaSettings } = setUp()

    const preview = await previewSla(
      {
        calendarId: 'vienna',
        start: fridayAfternoon,
        targetMinutes: 120,
        pauses: [{ start: '2026-12-21T07:30:00.000Z' }],
      },
      { slaSettings },
    )

    expect(preview).toMatchObject({ dueAt: null, pausedSince: '2026-12-21T07:30:00.000Z' })
  })

  it('refuses an unknown calendar with 400 pointing at /calendarId', async () => {
    const { slaSettings } = setUp()

    const error = await rejectionOf(
      previewSla({ calendarId: 'atlantis', start: fridayAfternoon, targetMinutes: 120 }, { slaSettings }),
    )

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).status).toBe(400)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/calendarId', detail: expect.any(String) },
    ])
  })

  it.each([
    ['no minutes and no service level and severity', { serviceLevel: 'premium' as const }, '/targetMinutes'],
    [
      'an unknown policy',
      { policyId: 'platinum', serviceLevel: 'premium' as const, severity: 'critical' as const },
      '/policyId',
    ],
    [
      'a target the policy does not set for the severity',
      { target: 'periodic_update' as const, serviceLevel: 'premium' as const, severity: 'standard' as const },
      '/target',
    ],
    [
      'a pause that ends before it starts',
      {
        targetMinutes: 120,
        pauses: [
          { start: '2026-12-21T07:00:00.000Z', end: '2026-12-21T08:00:00.000Z' },
          { start: '2026-12-21T09:00:00.000Z', end: '2026-12-21T08:30:00.000Z' },
        ],
      },
      '/pauses/1/end',
    ],
  ])('refuses %s with 400 pointing at the field', async (_, input, pointer) => {
    const { slaSettings } = setUp()

    const error = await rejectionOf(
      previewSla({ calendarId: 'vienna', start: fridayAfternoon, ...input }, { slaSettings }),
    )

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).status).toBe(400)
    expect((error as ValidationError).errors).toEqual([{ pointer, detail: expect.any(String) }])
  })
})

describe('calendars and policies', () => {
  const berlin = { ...viennaCalendar, id: 'berlin', name: 'Berlin', timeZone: 'Europe/Berlin' }
  const gold = { ...defaultSlaPolicy, id: 'gold', name: 'Gold' }
  const page = { limit: 10 }

  it('stores a calendar under the id of its path and reads it back, as version 1', async () => {
    const { slaSettings, deps } = setUp([], savedAt)

    const saved = await putCalendar('berlin', berlin, deps)

    expect(saved).toEqual({ ...berlin, version: 1, savedAt })
    expect(await getCalendar('berlin', { slaSettings })).toEqual(saved)
  })

  it('refuses a calendar whose body id differs from the path with 400 pointing at /id, storing nothing', async () => {
    const { slaSettings, deps } = setUp()

    const error = await rejectionOf(putCalendar('vienna', berlin, deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([{ pointer: '/id', detail: 'must be vienna' }])
    expect(slaSettings.calendars.get('vienna')).toBe(viennaCalendar)
    expect(slaSettings.calendars.has('berlin')).toBe(false)
  })

  it('saves a change of a calendar as its next version, and reads every version back', async () => {
    // Arrange
    const { slaSettings, deps } = setUp([], savedAt)

    // Act
    const saved = await putCalendar('vienna', vienna2, deps)

    // Assert: the built-in calendar stays version 1, never saved
    expect(saved).toEqual({ ...vienna2, version: 2, savedAt })
    expect(await getCalendar('vienna', { slaSettings })).toEqual(saved)
    expect(await getCalendar('vienna', { slaSettings }, 1)).toEqual({
      ...viennaCalendar,
      version: 1,
      savedAt: null,
    })
    const versions = await listCalendarVersions('vienna', page, { slaVersions: slaSettings })
    expect(versions.items.map((version) => version.version)).toEqual([2, 1])
    expect(versions.nextCursor).toBeNull()
  })

  it('stores a policy under the id of its path and reads it back, as version 1', async () => {
    const { slaSettings, deps } = setUp([], savedAt)

    const saved = await putSlaPolicy('gold', gold, deps)

    expect(saved).toEqual({ ...gold, version: 1, savedAt })
    expect(await getSlaPolicy('gold', { slaSettings })).toEqual(saved)
  })

  it('refuses a policy whose body id differs from the path with 400 pointing at /id, storing nothing', async () => {
    const { slaSettings, deps } = setUp()

    const error = await rejectionOf(putSlaPolicy('default', gold, deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).status).toBe(400)
    expect((error as ValidationError).errors).toEqual([{ pointer: '/id', detail: 'must be default' }])
    expect(slaSettings.policies.get('default')).toBe(defaultSlaPolicy)
    expect(slaSettings.policies.has('gold')).toBe(false)
  })

  it('saves a change of a policy as its next version, and lists its versions newest first, a page at a time', async () => {
    // Arrange
    const { slaSettings, deps } = setUp([], savedAt)
    await putSlaPolicy('default', { ...defaultSlaPolicy, warningPercent: 80 }, deps)
    await putSlaPolicy('default', { ...defaultSlaPolicy, warningPercent: 90 }, deps)

    // Act
    const first = await listSlaPolicyVersions('default', { limit: 2 }, { slaVersions: slaSettings })
    const second = await listSlaPolicyVersions(
      'default',
      { limit: 2, cursor: first.nextCursor ?? undefined },
      { slaVersions: slaSettings },
    )

    // Assert
    expect(first.items.map((version) => [version.version, version.warningPercent])).toEqual([
      [3, 90],
      [2, 80],
    ])
    expect(second).toEqual({ items: [{ ...defaultSlaPolicy, version: 1, savedAt: null }], nextCursor: null })
    expect(await getSlaPolicy('default', { slaSettings }, 2)).toMatchObject({
      version: 2,
      warningPercent: 80,
    })
  })

  it('answers 404 for an unknown calendar or policy, and for a version that does not exist', async () => {
    const { slaSettings } = setUp()

    await expect(getCalendar('atlantis', { slaSettings })).rejects.toBeInstanceOf(NotFoundError)
    await expect(getSlaPolicy('platinum', { slaSettings })).rejects.toBeInstanceOf(NotFoundError)
    await expect(getCalendar('vienna', { slaSettings }, 2)).rejects.toThrow(
      'There is no calendar vienna in version 2.',
    )
    await expect(getSlaPolicy('default', { slaSettings }, 2)).rejects.toBeInstanceOf(NotFoundError)
    await expect(listCalendarVersions('atlantis', page, { slaVersions: slaSettings })).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(
      listSlaPolicyVersions('platinum', page, { slaVersions: slaSettings }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})
