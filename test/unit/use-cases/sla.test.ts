import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { NotFoundError, ValidationError } from '#src/domain/errors.ts'
import { viennaCalendar } from '#src/domain/sla/calendar.ts'
import { recordFirstResponse, startSla } from '#src/domain/sla/case-sla.ts'
import { defaultSlaPolicy } from '#src/domain/sla/policy.ts'
import {
  getCalendar,
  getCaseSla,
  getSlaPolicy,
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

const fridayAfternoon = '2026-12-18T12:00:00.000Z'
const slaClock = startSla({
  startedAt: fridayAfternoon,
  targetMinutes: 120,
  calendarId: 'vienna',
  calendar: viennaCalendar,
})

function setUp(cases: Case[] = [], at = '2026-12-21T07:30:00.000Z') {
  const slaSettings = new InMemorySlaSettings()
  return {
    slaSettings,
    deps: { cases: new InMemoryCaseStore({ cases }), slaSettings, clock: fixedClock(new Date(at)) },
  }
}

describe('getCaseSla', () => {
  it('shows the reading at the clock time with the explanation of the deadline', async () => {
    const { deps } = setUp([aCase({ severity: 'critical', slaClock })])

    const sla = await getCaseSla('case-1', aCustomer(), deps)

    expect(sla).toMatchObject({
      state: 'running',
      dueAt: '2026-12-21T08:00:00.000Z',
      businessMinutesElapsed: 90,
      businessMinutesRemaining: 30,
    })
    expect(sla.explanation.counted.map((interval) => interval.minutes)).toEqual([60, 60])
  })

  it('passes the first response of a met clock through', async () => {
    const met = recordFirstResponse(slaClock, '2026-12-18T12:30:00.000Z')
    const { deps } = setUp([aCase({ slaClock: met, firstResponseAt: '2026-12-18T12:30:00.000Z' })])

    const sla = await getCaseSla('case-1', aStaffMember(), deps)

    expect(sla).toMatchObject({ state: 'met', firstResponseAt: '2026-12-18T12:30:00.000Z' })
  })

  it('answers 404 for a case without a clock', async () => {
    const { deps } = setUp([aCase()])

    const error = await rejectionOf(getCaseSla('case-1', aStaffMember(), deps))

    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as NotFoundError).status).toBe(404)
  })

  it('answers 404 for the case of another account', async () => {
    const { deps } = setUp([aCase({ accountId: 'globex', slaClock })])

    await expect(getCaseSla('case-1', aCustomer({ accountId: 'acme' }), deps)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('previewSla', () => {
  it('says when a case filed now would be answered, with the explanation', async () => {
    const { slaSettings } = setUp()

    const preview = await previewSla(
      { calendarId: 'vienna', start: '2026-12-18T13:00:00+01:00', targetMinutes: 120 },
      { slaSettings },
    )

    expect(preview).toMatchObject({
      calendarId: 'vienna',
      start: fridayAfternoon,
      targetMinutes: 120,
      dueAt: '2026-12-21T08:00:00.000Z',
    })
    expect(preview.explanation.skipped.map((skip) => skip.reason)).toContain('weekend')
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
})

describe('calendars and policies', () => {
  const berlin = { ...viennaCalendar, id: 'berlin', name: 'Berlin', timeZone: 'Europe/Berlin' }
  const gold = { ...defaultSlaPolicy, id: 'gold', name: 'Gold' }

  it('stores a calendar under the id of its path and reads it back', async () => {
    const { slaSettings, deps } = setUp()

    await putCalendar('berlin', berlin, deps)

    expect(await getCalendar('berlin', { slaSettings })).toEqual(berlin)
  })

  it('refuses a calendar whose body id differs from the path with 400 pointing at /id, storing nothing', async () => {
    const { slaSettings, deps } = setUp()

    const error = await rejectionOf(putCalendar('vienna', berlin, deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([{ pointer: '/id', detail: 'must be vienna' }])
    expect(slaSettings.calendars.get('vienna')).toBe(viennaCalendar)
    expect(slaSettings.calendars.has('berlin')).toBe(false)
  })

  it('stores a policy under the id of its path and reads it back', async () => {
    const { slaSettings, deps } = setUp()

    await putSlaPolicy('gold', gold, deps)

    expect(await getSlaPolicy('gold', { slaSettings })).toEqual(gold)
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

  it('answers 404 for an unknown calendar or policy', async () => {
    const { slaSettings } = setUp()

    await expect(getCalendar('atlantis', { slaSettings })).rejects.toBeInstanceOf(NotFoundError)
    await expect(getSlaPolicy('platinum', { slaSettings })).rejects.toBeInstanceOf(NotFoundError)
  })
})
