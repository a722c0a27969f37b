import { describe, expect, it } from 'vitest'
import { addBusinessMinutes, businessMinutesBetween, openIntervals } from '#src/domain/sla/business-time.ts'
import { followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { aCalendar, at, closedWeek, everyDay } from './calendar-fixtures.ts'

/**
 * DST switches of 2026: Europe/Vienna on Sunday 29 March (02:00 CET → 03:00 CEST) and Sunday
 * 25 October (03:00 CEST → 02:00 CET); America/New_York on Sunday 8 March (02:00 EST → 03:00 EDT)
 * and Sunday 1 November (02:00 EDT → 01:00 EST). Every instant below is UTC.
 */

const sundayNights = (timeZone: string, start = '00:00', end = '04:00') =>
  aCalendar({ id: 'sunday-nights', timeZone, weeklyHours: { ...closedWeek, sun: [{ start, end }] } })
const roundTheClock = (timeZone: string) =>
  aCalendar({ id: 'round-the-clock', timeZone, weeklyHours: everyDay([{ start: '00:00', end: '24:00' }]) })

describe('a desk open 00:00–04:00 on the switch night counts the real minutes', () => {
  it.each([
    ['Vienna, a normal Sunday', 'Europe/Vienna', '2026-03-21T23:00', '2026-03-22T03:00', 240],
    ['Vienna, spring forward', 'Europe/Vienna', '2026-03-28T23:00', '2026-03-29T02:00', 180],
    ['Vienna, fall back', 'Europe/Vienna', '2026-10-24T22:00', '2026-10-25T03:00', 300],
    ['New York, spring forward', 'America/New_York', '2026-03-08T05:00', '2026-03-08T08:00', 180],
    ['New York, fall back', 'America/New_York', '2026-11-01T04:00', '2026-11-01T09:00', 300],
  ])('%s', (_case, timeZone, opens, closes, minutes) => {
    // Arrange
    const calendar = sundayNights(timeZone)
    const dayBefore = new Date(at(opens).getTime() - 86_400_000)
    const dayAfter = new Date(at(closes).getTime() + 86_400_000)

    // Act
    const intervals = openIntervals(calendar, dayBefore, dayAfter)
    const elapsed = businessMinutesBetween({ from: dayBefore, to: dayAfter, calendar })
    const due = addBusinessMinutes({ start: dayBefore, minutes, calendar })

    // Assert
    expect(intervals).toEqual([{ start: at(opens), end: at(closes) }])
    expect(elapsed).toBe(minutes)
    expect(due.dueAt).toEqual(at(closes))
  })

  it('carries the next minute over to the following Sunday night', () => {
    // Act: one minute more than the 180 of the spring-forward night
    const result = addBusinessMinutes({
      start: at('2026-03-28T12:00'),
      minutes: 181,
      calendar: sundayNights('Europe/Vienna'),
    })

    // Assert: Sunday 5 April 00:01 CEST
    expect(result.dueAt).toEqual(at('2026-04-04T22:01'))
  })
})

describe('a 24-hour desk', () => {
  it.each([
    ['Vienna spring day', 'Europe/Vienna', '2026-03-28T23:00', '2026-03-29T22:00', 23 * 60],
    ['Vienna autumn day', 'Europe/Vienna', '2026-10-24T22:00', '2026-10-25T23:00', 25 * 60],
    ['New York spring day', 'America/New_York', '2026-03-08T05:00', '2026-03-09T04:00', 23 * 60],
    ['New York autumn day', 'America/New_York', '2026-11-01T04:00', '2026-11-02T05:00', 25 * 60],
  ])(
    'counts the %s from local midnight to local midnight in real minutes',
    (_case, timeZone, from, to, minutes) => {
      // Act
      const elapsed = businessMinutesBetween({
        from: at(from),
        to: at(to),
        calendar: roundTheClock(timeZone),
      })

      // Assert
      expect(elapsed).toBe(minutes)
    },
  )

  it('is due exactly that many real minutes later across a switch', () => {
    // Act
    const result = addBusinessMinutes({
      start: at('2026-10-24T22:00'),
      minutes: 25 * 60,
      calendar: roundTheClock('Europe/Vienna'),
    })

    // Assert: the next local midnight, 00:00 CET on Monday 26 October
    expect(result.dueAt).toEqual(at('2026-10-25T23:00'))
    expect(result.explanation.skipped).toEqual([])
  })
})

describe('opening hours that touch the switch hour itself', () => {
  it('opens a desk whose opening time is skipped (02:30 in spring) when the clocks jump to 03:00', () => {
    // Act: 02:30–05:00 on 29 March in Vienna; 02:30 never happens, 03:00 CEST is 01:00 UTC
    const intervals = openIntervals(
      sundayNights('Europe/Vienna', '02:30', '05:00'),
      at('2026-03-28T12:00'),
      at('2026-03-29T12:00'),
    )

    // Assert
    expect(intervals).toEqual([{ start: at('2026-03-29T01:00'), end: at('2026-03-29T03:00') }])
  })

  it('counts the repeated hour twice for a desk open 02:00–03:00 on the autumn night', () => {
    // Act: 02:00 CEST (00:00 UTC) until 03:00 CET (02:00 UTC); the wall clock shows 02:xx for two hours
    const elapsed = businessMinutesBetween({
      from: at('2026-10-24T12:00'),
      to: at('2026-10-25T12:00'),
      calendar: sundayNights('Europe/Vienna', '02:00', '03:00'),
    })

    // Assert
    expect(elapsed).toBe(120)
  })
})

describe('business weeks across the switch', () => {
  it('opens Vienna at 09:00 summer time on the Monday after spring forward', () => {
    // Act: Friday 27 March 2026, 13:00 CET; 60 minutes Friday, 60 Monday
    const result = addBusinessMinutes({
      start: at('2026-03-27T12:00'),
      minutes: 120,
      calendar: viennaCalendar,
    })

    // Assert: Monday 30 March 09:00 CEST
    expect(result.dueAt).toEqual(at('2026-03-30T07:00'))
  })

  it('opens Vienna at 09:00 winter time after fall back and Nationalfeiertag', () => {
    // Act: Friday 23 October 2026, 13:00 CEST; Monday 26 October is Nationalfeiertag
    const result = addBusinessMinutes({
      start: at('2026-10-23T11:00'),
      minutes: 120,
      calendar: viennaCalendar,
    })

    // Assert: Tuesday 27 October 09:00 CET
    expect(result.dueAt).toEqual(at('2026-10-27T08:00'))
    expect(result.explanation.skipped).toContainEqual({
      start: '2026-10-25T23:00:00.000Z',
      end: '2026-10-26T23:00:00.000Z',
      reason: 'holiday',
      name: 'Nationalfeiertag',
    })
  })

  it.each([
    ['before any switch', '2026-03-02', 14 * 60],
    ['while only New York is on summer time', '2026-03-09', 13 * 60],
    ['once Europe has switched too', '2026-03-30', 14 * 60],
  ])('gives follow-the-sun the right Monday %s', (_case, monday, minutes) => {
    // Act: Paris opens first, New York closes last; the overlap shrinks for the three weeks in between
    const elapsed = businessMinutesBetween({
      from: at(`${monday}T00:00`),
      to: at(`${monday}T23:59`),
      calendar: followTheSunCalendar,
    })

    // Assert
    expect(elapsed).toBe(minutes)
  })
})
