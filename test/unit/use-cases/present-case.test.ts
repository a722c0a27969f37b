import { describe, expect, it } from 'vitest'
import { viennaCalendar } from '#src/domain/sla/calendar.ts'
import { startSla } from '#src/domain/sla/case-sla.ts'
import { presentCase } from '#src/use-cases/present-case.ts'
import { aCase, slaFakes } from '../fakes/core.ts'

// Friday 18 December 2026, 13:00 in Vienna: an hour before the desk closes for the weekend.
const fridayAfternoon = '2026-12-18T12:00:00.000Z'

function setUp() {
  return { slaSettings: slaFakes().slaSettings }
}

describe('presentCase', () => {
  it('shows the stored clock as its reading at request time', async () => {
    // Arrange
    const { slaSettings } = setUp()
    const slaClock = startSla({
      startedAt: fridayAfternoon,
      targetMinutes: 120,
      calendarId: 'vienna',
      calendar: viennaCalendar,
    })

    // Act
    const view = await presentCase(aCase({ slaClock }), { slaSettings }, new Date('2026-12-21T08:30:00.000Z'))

    // Assert
    expect(view).not.toHaveProperty('slaClock')
    expect(view.sla).toMatchObject({
      state: 'breached',
      dueAt: '2026-12-21T08:00:00.000Z',
      businessMinutesRemaining: 0,
    })
  })

  it('shows a case without a clock without an sla', async () => {
    const { slaSettings } = setUp()

    const view = await presentCase(aCase(), { slaSettings }, new Date(fridayAfternoon))

    expect(view).not.toHaveProperty('sla')
  })
})
