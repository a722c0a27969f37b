import { describe, expect, it } from 'vitest'
import { addBusinessMinutes, businessMinutesBetween } from '#src/domain/sla/business-time.ts'
import { holidayClosuresOn } from '#src/domain/sla/holidays.ts'
import { aCalendar, at, everyDay } from './calendar-fixtures.ts'

describe('holidayClosuresOn', () => {
  it('finds Austria’s public holidays and nothing on an ordinary day', () => {
    // Arrange
    const austria = { country: 'AT', types: ['public' as const] }

    // Act / Assert
    expect(holidayClosuresOn(austria, { year: 2026, month: 12, day: 8 })).toEqual([
      { fromMinute: 0, toMinute: 1440, name: 'Mariä Empfängnis' },
    ])
    expect(holidayClosuresOn(austria, { year: 2026, month: 12, day: 9 })).toEqual([])
  })

  it('leaves out bank holidays and observances unless asked for them', () => {
    // Arrange: 24 December is a bank-type half day in Austria (from 14:00)
    const christmasEve = { year: 2026, month: 12, day: 24 }

    // Act
    const publicOnly = holidayClosuresOn({ country: 'AT', types: ['public'] }, christmasEve)
    const withBank = holidayClosuresOn({ country: 'AT', types: ['public', 'bank'] }, christmasEve)

    // Assert
    expect(publicOnly).toEqual([])
    expect(withBank).toEqual([{ fromMinute: 840, toMinute: 1440, name: 'Heiliger Abend' }])
  })

  it('uses the region’s list when one is given (England’s summer bank holiday)', () => {
    // Arrange
    const summerBankHoliday = { year: 2026, month: 8, day: 31 }

    // Act / Assert
    expect(holidayClosuresOn({ country: 'GB', types: ['public'] }, summerBankHoliday)).toEqual([])
    expect(holidayClosuresOn({ country: 'GB', region: 'ENG', types: ['public'] }, summerBankHoliday)).toEqual(
      [{ fromMinute: 0, toMinute: 1440, name: 'Summer bank holiday' }],
    )
  })
})

describe('a holiday that starts in the afternoon', () => {
  // A desk open 08:00–17:00 every day that also observes Austria's bank-type half days.
  const calendar = aCalendar({
    weeklyHours: everyDay([{ start: '08:00', end: '17:00' }]),
    holidays: { country: 'AT', types: ['public', 'bank'] },
  })

  it('closes the desk from 14:00 only', () => {
    // Act: Thursday 24 December 2026 in Vienna (UTC+1)
    const elapsed = businessMinutesBetween({
      from: at('2026-12-23T23:00'),
      to: at('2026-12-24T23:00'),
      calendar,
    })

    // Assert: 08:00–14:00
    expect(elapsed).toBe(6 * 60)
  })

  it('names the half day in the explanation', () => {
    // Act: 13:00 in Vienna, two hours to go
    const result = addBusinessMinutes({ start: at('2026-12-24T12:00'), minutes: 120, calendar })

    // Assert: 60 minutes on the 24th; the 25th and 26th are public holidays; the 27th opens at 08:00
    expect(result.dueAt).toEqual(at('2026-12-27T08:00'))
    expect(result.explanation.skipped[0]).toEqual({
      start: '2026-12-24T13:00:00.000Z',
      end: '2026-12-24T23:00:00.000Z',
      reason: 'holiday',
      name: 'Heiliger Abend',
    })
  })
})
