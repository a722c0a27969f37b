import { describe, expect, it } from 'vitest'
import { viennaCalendar } from '#src/domain/sla/calendar.ts'
import { presentCase, presentCases } from '#src/use-cases/present-case.ts'
import { aCase, InMemoryCaseFields, InMemorySlaSettings, slaFakes } from '../fakes/core.ts'
import { aLegacyRunningClock, aRunningClock } from '../fakes/sla.ts'

// Friday 18 December 2026, 13:00 in Vienna: an hour before the desk closes for the weekend.
const fridayAfternoon = '2026-12-18T12:00:00.000Z'

function setUp() {
  return { slaSettings: slaFakes().slaSettings }
}

/** Premium critical, filed on Friday afternoon: first response due Monday 09:00 Vienna, resolution Wednesday 13:00. */
const filed = aCase({
  severity: 'critical',
  createdAt: fridayAfternoon,
  slaClocks: {
    first_response: aRunningClock(fridayAfternoon, 120),
    resolution: aRunningClock(fridayAfternoon, 1440),
  },
  slaTerms: { serviceLevel: 'premium', slaPolicyId: 'default', calendarId: 'vienna' },
})

describe('presentCase', () => {
  it('shows the stored clocks as their reading at request time', async () => {
    // Arrange
    const { slaSettings } = setUp()

    // Act: Monday 09:30 Vienna
    const view = await presentCase(
      filed,
      { slaSettings, caseFields: new InMemoryCaseFields() },
      new Date('2026-12-21T08:30:00.000Z'),
      'staff',
    )

    // Assert: the first response's deadline has passed, though no timer marked it yet
    expect(view).not.toHaveProperty('slaClocks')
    expect(view).not.toHaveProperty('slaTerms')
    expect(view.sla).toMatchObject({
      state: 'breached',
      dueAt: '2026-12-21T08:00:00.000Z',
      businessMinutesRemaining: 0,
      nextDueAt: '2026-12-21T08:00:00.000Z',
      clocks: [
        { target: 'first_response', state: 'breached', dueAt: '2026-12-21T08:00:00.000Z' },
        { target: 'resolution', state: 'running', dueAt: '2026-12-23T12:00:00.000Z' },
      ],
    })
  })

  it('counts on the calendar version the clock keeps, not the latest', async () => {
    // Arrange: version 2 closes the desk on Monday
    const { slaSettings } = setUp()
    await slaSettings.saveCalendar({
      ...viennaCalendar,
      weeklyHours: { ...viennaCalendar.weeklyHours, mon: [] },
    })

    // Act
    const view = await presentCase(
      filed,
      { slaSettings, caseFields: new InMemoryCaseFields() },
      new Date('2026-12-21T07:30:00.000Z'),
      'staff',
    )

    // Assert: Friday 13:00–14:00 and Monday 08:00–08:30 Vienna on version 1
    expect(view.sla).toMatchObject({ state: 'running', businessMinutesElapsed: 90 })
  })

  it('shows a case stored with the single clock cases had before', async () => {
    const { slaSettings } = setUp()
    const slaClock = aLegacyRunningClock(fridayAfternoon, '2026-12-21T08:00:00.000Z')

    const view = await presentCase(
      aCase({ slaClock }),
      { slaSettings, caseFields: new InMemoryCaseFields() },
      new Date('2026-12-21T07:30:00.000Z'),
      'staff',
    )

    expect(view).not.toHaveProperty('slaClock')
    expect(view.sla).toMatchObject({
      state: 'running',
      businessMinutesElapsed: 90,
      clocks: [{ target: 'first_response', state: 'running', dueAt: '2026-12-21T08:00:00.000Z' }],
    })
  })

  it('shows a case without a clock without an sla', async () => {
    const { slaSettings } = setUp()

    const view = await presentCase(
      aCase(),
      { slaSettings, caseFields: new InMemoryCaseFields() },
      new Date(fridayAfternoon),
      'staff',
    )

    expect(view).not.toHaveProperty('sla')
  })
})

describe('presentCases', () => {
  it('reads each calendar version once for a page of cases', async () => {
    // Arrange
    const reads: string[] = []
    class CountingSettings extends InMemorySlaSettings {
      override async calendar(id: string, version?: number) {
        reads.push(`${id}@${version}`)
        return super.calendar(id, version)
      }
    }
    const page = [filed, { ...filed, id: 'case-2' }, aCase({ id: 'case-3' })]

    // Act
    const views = await presentCases(
      page,
      { slaSettings: new CountingSettings(), caseFields: new InMemoryCaseFields() },
      new Date('2026-12-21T07:30:00.000Z'),
      'staff',
    )

    // Assert
    expect(reads).toEqual(['vienna@1'])
    expect(views.map((view) => view.sla?.state)).toEqual(['running', 'running', undefined])
  })
})
