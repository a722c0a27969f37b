import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  openIntervals,
  type SkippedInterval,
} from '#src/domain/sla/business-time.ts'
import { type BusinessCalendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { BusinessTimeHorizonError, CalendarNeverOpenError } from '#src/domain/sla/errors.ts'
import { defaultSlaPolicy, targetMinutesOf } from '#src/domain/sla/policy.ts'
import { aCalendar, at, closedWeek } from './calendar-fixtures.ts'

// Vienna is UTC+1 in winter (CET) and UTC+2 in summer (CEST); the instants below are UTC.
const skip = (
  start: string,
  end: string,
  reason: SkippedInterval['reason'],
  name?: string,
): SkippedInterval => ({
  start: `${start}:00.000Z`,
  end: `${end}:00.000Z`,
  reason,
  ...(name === undefined ? {} : { name }),
})
const count = (start: string, end: string, minutes: number) => ({
  start: `${start}:00.000Z`,
  end: `${end}:00.000Z`,
  minutes,
})

describe('addBusinessMinutes on the vienna calendar', () => {
  it('gives a critical case of premium acme, filed Friday 13:00, until Monday 09:00 and explains the weekend', () => {
    // Arrange: Friday closes at 14:00, so 60 minutes count on Friday and 60 on Monday
    // (every policy has a first-response target for every severity)
    const minutes = targetMinutesOf(
      defaultSlaPolicy,
      'first_response',
      { serviceLevel: 'premium' },
      'critical',
    ) as number

    // Act
    const result = addBusinessMinutes({ start: at('2026-12-18T12:00'), minutes, calendar: viennaCalendar })

    // Assert
    expect(minutes).toBe(120)
    expect(result.dueAt).toEqual(at('2026-12-21T08:00'))
    expect(result.explanation).toEqual({
      counted: [
        count('2026-12-18T12:00', '2026-12-18T13:00', 60),
        count('2026-12-21T07:00', '2026-12-21T08:00', 60),
      ],
      skipped: [
        skip('2026-12-18T13:00', '2026-12-18T23:00', 'outside_hours'),
        skip('2026-12-18T23:00', '2026-12-20T23:00', 'weekend'),
        skip('2026-12-20T23:00', '2026-12-21T07:00', 'outside_hours'),
      ],
    })
  })

  it('is closed on 24 December and over Christmas, naming each day', () => {
    // Arrange: Wednesday 23 December 2026, 16:00 in Vienna; 60 minutes are left that day
    const start = at('2026-12-23T15:00')

    // Act
    const result = addBusinessMinutes({ start, minutes: 120, calendar: viennaCalendar })

    // Assert: Thu 24 (extra closed), Fri 25 (Christtag), Sat 26 (Stefanitag, but a Saturday), Sun
    expect(result.dueAt).toEqual(at('2026-12-28T08:00'))
    expect(result.explanation.skipped).toEqual([
      skip('2026-12-23T16:00', '2026-12-23T23:00', 'outside_hours'),
      skip('2026-12-23T23:00', '2026-12-24T23:00', 'holiday', 'Heiliger Abend'),
      skip('2026-12-24T23:00', '2026-12-25T23:00', 'holiday', 'Christtag'),
      skip('2026-12-25T23:00', '2026-12-27T23:00', 'weekend'),
      skip('2026-12-27T23:00', '2026-12-28T07:00', 'outside_hours'),
    ])
  })

  it('is closed on 31 December and on New Year’s Day', () => {
    // Act: Wednesday 30 December 2026, 16:00 in Vienna
    const result = addBusinessMinutes({
      start: at('2026-12-30T15:00'),
      minutes: 120,
      calendar: viennaCalendar,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2027-01-04T08:00'))
    expect(result.explanation.skipped).toContainEqual(
      skip('2026-12-30T23:00', '2026-12-31T23:00', 'holiday', 'Silvester'),
    )
    expect(result.explanation.skipped).toContainEqual(
      skip('2026-12-31T23:00', '2027-01-01T23:00', 'holiday', 'Neujahr'),
    )
  })

  it('closes 24 December every year, whatever the weekday', () => {
    // Act: Monday 23 December 2030, 16:00 in Vienna; 24 is a Tuesday, 25 and 26 are holidays
    const result = addBusinessMinutes({
      start: at('2030-12-23T15:00'),
      minutes: 120,
      calendar: viennaCalendar,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2030-12-27T08:00'))
  })

  it('skips an Austrian public holiday with its name', () => {
    // Act: Monday 7 December 2026, 16:00; Tuesday 8 December is Mariä Empfängnis
    const result = addBusinessMinutes({
      start: at('2026-12-07T15:00'),
      minutes: 120,
      calendar: viennaCalendar,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2026-12-09T08:00'))
    expect(result.explanation.skipped).toContainEqual(
      skip('2026-12-07T23:00', '2026-12-08T23:00', 'holiday', 'Mariä Empfängnis'),
    )
  })

  it('reports a holiday on a Sunday as the weekend: it takes no business time away', () => {
    // Act: Friday 30 October 2026, 13:00 in Vienna; Sunday 1 November is Allerheiligen
    const result = addBusinessMinutes({
      start: at('2026-10-30T12:00'),
      minutes: 120,
      calendar: viennaCalendar,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2026-11-02T08:00'))
    expect(result.explanation.skipped.map((interval) => interval.reason)).toEqual([
      'outside_hours',
      'weekend',
      'outside_hours',
    ])
  })

  it('is due at closing time when the minutes run out exactly then, not at the next opening', () => {
    // Act: Friday 13:00 in Vienna plus 60 minutes
    const result = addBusinessMinutes({
      start: at('2026-12-18T12:00'),
      minutes: 60,
      calendar: viennaCalendar,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2026-12-18T13:00'))
    expect(result.explanation.skipped).toEqual([])
  })

  it('counts whole minutes: a case filed at 12:00:37 starts its clock at 12:00', () => {
    // Act
    const result = addBusinessMinutes({
      start: new Date('2026-12-18T12:00:37.500Z'),
      minutes: 120,
      calendar: viennaCalendar,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2026-12-21T08:00'))
    expect(result.explanation.counted[0]?.start).toBe('2026-12-18T12:00:00.000Z')
  })
})

describe('addBusinessMinutes with zero minutes', () => {
  it('answers the start itself inside business hours', () => {
    // Act: Monday 14 December 2026, 10:30 in Vienna
    const result = addBusinessMinutes({ start: at('2026-12-14T09:30'), minutes: 0, calendar: viennaCalendar })

    // Assert
    expect(result.dueAt).toEqual(at('2026-12-14T09:30'))
    expect(result.explanation).toEqual({ counted: [], skipped: [] })
  })

  it('answers the next opening outside business hours, including at the closing instant', () => {
    // Act: Saturday, and Friday 14:00 sharp
    const saturday = addBusinessMinutes({
      start: at('2026-12-19T10:00'),
      minutes: 0,
      calendar: viennaCalendar,
    })
    const closing = addBusinessMinutes({
      start: at('2026-12-18T13:00'),
      minutes: 0,
      calendar: viennaCalendar,
    })

    // Assert: Monday 08:00 in Vienna
    expect(saturday.dueAt).toEqual(at('2026-12-21T07:00'))
    expect(closing.dueAt).toEqual(at('2026-12-21T07:00'))
  })
})

describe('addBusinessMinutes with extra open dates', () => {
  const weekdaysOnly: BusinessCalendar = { ...viennaCalendar, id: 'vienna-with-extras' }

  it('opens a public holiday with its weekday’s regular hours', () => {
    // Arrange: the desk works through Mariä Empfängnis (Tuesday 8 December 2026)
    const calendar = { ...weekdaysOnly, extraOpenDates: [{ date: '2026-12-08', name: 'Inventur' }] }

    // Act: Monday 16:00 in Vienna
    const result = addBusinessMinutes({ start: at('2026-12-07T15:00'), minutes: 120, calendar })

    // Assert: 60 minutes on Monday, 60 on Tuesday from 08:00
    expect(result.dueAt).toEqual(at('2026-12-08T08:00'))
  })

  it('opens a Saturday with the hours given for it', () => {
    // Arrange
    const calendar = {
      ...weekdaysOnly,
      extraOpenDates: [
        { date: '2026-12-19', name: 'Jahresabschluss', hours: [{ start: '09:00', end: '12:00' }] },
      ],
    }

    // Act: Friday 13:00 in Vienna
    const result = addBusinessMinutes({ start: at('2026-12-18T12:00'), minutes: 120, calendar })

    // Assert: 60 minutes on Friday, 60 on Saturday from 09:00
    expect(result.dueAt).toEqual(at('2026-12-19T09:00'))
    expect(result.explanation.counted).toEqual([
      count('2026-12-18T12:00', '2026-12-18T13:00', 60),
      count('2026-12-19T08:00', '2026-12-19T09:00', 60),
    ])
  })
})

describe('addBusinessMinutes with pauses', () => {
  it('does not count a pause inside business hours and says why', () => {
    // Arrange: Monday 14 December 2026 from 08:00 in Vienna, waiting on the customer 08:30–09:30
    const pauses = [
      { start: at('2026-12-14T07:30'), end: at('2026-12-14T08:30'), reason: 'waiting_on_customer' },
    ]

    // Act
    const result = addBusinessMinutes({
      start: at('2026-12-14T07:00'),
      minutes: 120,
      calendar: viennaCalendar,
      pauses,
    })

    // Assert: 30 minutes before the pause, 90 after it
    expect(result.dueAt).toEqual(at('2026-12-14T10:00'))
    expect(result.explanation).toEqual({
      counted: [
        count('2026-12-14T07:00', '2026-12-14T07:30', 30),
        count('2026-12-14T08:30', '2026-12-14T10:00', 90),
      ],
      skipped: [skip('2026-12-14T07:30', '2026-12-14T08:30', 'paused', 'waiting_on_customer')],
    })
  })

  it('reports closed time inside a pause by the calendar’s reason', () => {
    // Arrange: Friday 13:30 to Monday 08:30 in Vienna
    const pauses = [{ start: at('2026-12-18T12:30'), end: at('2026-12-21T07:30') }]

    // Act
    const result = addBusinessMinutes({
      start: at('2026-12-18T12:00'),
      minutes: 120,
      calendar: viennaCalendar,
      pauses,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2026-12-21T09:00'))
    expect(result.explanation.skipped).toEqual([
      skip('2026-12-18T12:30', '2026-12-18T13:00', 'paused'),
      skip('2026-12-18T13:00', '2026-12-18T23:00', 'outside_hours'),
      skip('2026-12-18T23:00', '2026-12-20T23:00', 'weekend'),
      skip('2026-12-20T23:00', '2026-12-21T07:00', 'outside_hours'),
      skip('2026-12-21T07:00', '2026-12-21T07:30', 'paused'),
    ])
  })

  it('merges overlapping pauses', () => {
    // Arrange
    const pauses = [
      { start: at('2026-12-14T08:00'), end: at('2026-12-14T09:00') },
      { start: at('2026-12-14T07:30'), end: at('2026-12-14T08:30') },
    ]

    // Act
    const result = addBusinessMinutes({
      start: at('2026-12-14T07:00'),
      minutes: 120,
      calendar: viennaCalendar,
      pauses,
    })

    // Assert: paused 07:30–09:00 once, not twice
    expect(result.dueAt).toEqual(at('2026-12-14T10:30'))
  })

  it('stops the clock at an open-ended pause and says how much is left', () => {
    // Arrange
    const pauses = [{ start: at('2026-12-14T07:30'), reason: 'waiting_on_customer' }]

    // Act
    const result = addBusinessMinutes({
      start: at('2026-12-14T07:00'),
      minutes: 120,
      calendar: viennaCalendar,
      pauses,
    })

    // Assert
    expect(result).toEqual({
      dueAt: null,
      remainingMinutes: 90,
      pausedSince: at('2026-12-14T07:30'),
      explanation: { counted: [count('2026-12-14T07:00', '2026-12-14T07:30', 30)], skipped: [] },
    })
  })

  it('ignores an open-ended pause that starts after the due time', () => {
    // Act
    const result = addBusinessMinutes({
      start: at('2026-12-14T07:00'),
      minutes: 120,
      calendar: viennaCalendar,
      pauses: [{ start: at('2026-12-14T12:00') }],
    })

    // Assert
    expect(result.dueAt).toEqual(at('2026-12-14T09:00'))
    expect(result.pausedSince).toBeNull()
  })
})

describe('addBusinessMinutes on the follow-the-sun calendar', () => {
  it('counts New York’s afternoon after London and Paris have closed', () => {
    // Act: Monday 15 June 2026, 17:00 UTC: London (18:00) and Paris (19:00) closed, New York (13:00) open
    const result = addBusinessMinutes({
      start: at('2026-06-15T17:00'),
      minutes: 120,
      calendar: followTheSunCalendar,
    })

    // Assert
    expect(result.dueAt).toEqual(at('2026-06-15T19:00'))
    expect(result.explanation.skipped).toEqual([])
  })

  it('hands over from New York’s close to Paris’s opening the next morning', () => {
    // Act: 20:00 UTC, one hour before New York closes (17:00 EDT)
    const result = addBusinessMinutes({
      start: at('2026-06-15T20:00'),
      minutes: 120,
      calendar: followTheSunCalendar,
    })

    // Assert: Paris opens at 09:00 CEST = 07:00 UTC
    expect(result.dueAt).toEqual(at('2026-06-16T08:00'))
    expect(result.explanation.skipped).toEqual([
      skip('2026-06-15T21:00', '2026-06-16T07:00', 'outside_hours'),
    ])
  })

  it('keeps counting when only one office has a holiday', () => {
    // Act: Monday 4 May 2026 is England's early May bank holiday; Paris and New York work
    const elapsed = businessMinutesBetween({
      from: at('2026-05-04T00:00'),
      to: at('2026-05-05T00:00'),
      calendar: followTheSunCalendar,
    })

    // Assert: Paris 07:00–15:00 UTC and New York 13:00–21:00 UTC
    expect(elapsed).toBe(14 * 60)
  })

  it('closes on Christmas Day, when every office is off, and names it', () => {
    // Act: Thursday 24 December 2026, 20:00 UTC (New York 15:00)
    const result = addBusinessMinutes({
      start: at('2026-12-24T20:00'),
      minutes: 180,
      calendar: followTheSunCalendar,
    })

    // Assert: 120 minutes in New York, then Christmas, the weekend, England's substitute Boxing Day; Paris opens Monday
    expect(result.dueAt).toEqual(at('2026-12-28T09:00'))
    expect(result.explanation.skipped).toEqual([
      skip('2026-12-24T22:00', '2026-12-25T05:00', 'outside_hours'),
      skip('2026-12-25T05:00', '2026-12-25T23:00', 'holiday', 'Christmas Day / Noël'),
      skip('2026-12-25T23:00', '2026-12-27T23:00', 'weekend'),
      skip('2026-12-27T23:00', '2026-12-28T08:00', 'outside_hours'),
    ])
  })
})

describe('addBusinessMinutes refuses what it cannot answer', () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s minutes', (minutes) => {
    expect(() =>
      addBusinessMinutes({ start: at('2026-12-14T07:00'), minutes, calendar: viennaCalendar }),
    ).toThrow(RangeError)
  })

  it('refuses an invalid start', () => {
    expect(() =>
      addBusinessMinutes({ start: new Date('nope'), minutes: 1, calendar: viennaCalendar }),
    ).toThrow(RangeError)
  })

  it('refuses a calendar without any opening hours instead of searching forever', () => {
    // Arrange: not valid by the schema, but the engine must not trust its callers for termination
    const calendar = aCalendar({ id: 'never', weeklyHours: closedWeek })

    // Act / Assert
    expect(() => addBusinessMinutes({ start: at('2026-12-14T07:00'), minutes: 1, calendar })).toThrow(
      CalendarNeverOpenError,
    )
  })

  it('gives up beyond the search horizon', () => {
    // Arrange: open on a single day only
    const calendar = aCalendar({
      id: 'once',
      weeklyHours: closedWeek,
      extraOpenDates: [{ date: '2026-12-14', name: 'Once', hours: [{ start: '09:00', end: '10:00' }] }],
    })

    // Act / Assert
    expect(() => addBusinessMinutes({ start: at('2026-12-01T00:00'), minutes: 61, calendar })).toThrow(
      BusinessTimeHorizonError,
    )
    expect(addBusinessMinutes({ start: at('2026-12-01T00:00'), minutes: 60, calendar }).dueAt).toEqual(
      at('2026-12-14T09:00'),
    )
  })
})

describe('businessMinutesBetween', () => {
  it('counts the acceptance example back to its target', () => {
    expect(
      businessMinutesBetween({
        from: at('2026-12-18T12:00'),
        to: at('2026-12-21T08:00'),
        calendar: viennaCalendar,
      }),
    ).toBe(120)
  })

  it('counts a whole Vienna week: 4 × 9 hours and Friday’s 6', () => {
    expect(
      businessMinutesBetween({
        from: at('2026-12-13T23:00'),
        to: at('2026-12-20T23:00'),
        calendar: viennaCalendar,
      }),
    ).toBe(42 * 60)
  })

  it('leaves out pauses, including one that is still open', () => {
    // Arrange: Monday 14 December 2026 08:00–17:00 in Vienna; paused from 16:00 on
    const pauses = [{ start: at('2026-12-14T15:00') }]

    // Act
    const elapsed = businessMinutesBetween({
      from: at('2026-12-14T07:00'),
      to: at('2026-12-15T16:00'),
      calendar: viennaCalendar,
      pauses,
    })

    // Assert
    expect(elapsed).toBe(8 * 60)
  })

  it('is zero when `to` is not after `from`', () => {
    expect(
      businessMinutesBetween({
        from: at('2026-12-14T10:00'),
        to: at('2026-12-14T09:00'),
        calendar: viennaCalendar,
      }),
    ).toBe(0)
  })
})

describe('openIntervals', () => {
  it('lists the open stretches of a Vienna week, clipped to the window', () => {
    // Act: Thursday 17 December 2026 12:00 to Monday 21 December 10:00 in Vienna
    const intervals = openIntervals(viennaCalendar, at('2026-12-17T11:00'), at('2026-12-21T09:00'))

    // Assert
    expect(intervals).toEqual([
      { start: at('2026-12-17T11:00'), end: at('2026-12-17T16:00') },
      { start: at('2026-12-18T07:00'), end: at('2026-12-18T13:00') },
      { start: at('2026-12-21T07:00'), end: at('2026-12-21T09:00') },
    ])
  })
})
