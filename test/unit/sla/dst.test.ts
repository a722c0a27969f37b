import { describe, expect, it } from 'vitest'
import {
  type AddBusinessMinutesResult,
  addBusinessMinutes,
  businessMinutesBetween,
  openIntervals,
  type SkippedInterval,
} from '#src/domain/sla/business-time.ts'
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

/**
 * Zones whose clocks switch AT midnight. America/Havana falls back from 01:00 −04 to 00:00 −05 (on
 * Sunday 1 November 2026 at 05:00Z), Asia/Gaza from 01:00 +03 to 00:00 +02 (on Friday 29 October
 * 2021 at 22:00Z), Atlantic/Azores from 01:00 +00 to 00:00 −01 (every autumn; Sunday 25 October
 * 2026 at 01:00Z): midnight happens twice, and the date begins at the earlier one. America/Sao_Paulo
 * (Sunday 4 November 2018, 03:00Z) and Havana (Sunday 8 March 2026, 05:00Z) spring forward from
 * 00:00 to 01:00: midnight never happens, and the date begins at the switch.
 */
const onlyOn = (timeZone: string, day: keyof typeof closedWeek, start = '00:00', end = '24:00') =>
  aCalendar({ id: 'one-day', timeZone, weeklyHours: { ...closedWeek, [day]: [{ start, end }] } })
const officeHours = (timeZone: string) =>
  aCalendar({
    id: 'office',
    timeZone,
    weeklyHours: { ...everyDay([{ start: '08:00', end: '17:00' }]), sat: [], sun: [] },
  })

const skipped = (start: string, end: string, reason: SkippedInterval['reason']): SkippedInterval => ({
  start: `${start}:00.000Z`,
  end: `${end}:00.000Z`,
  reason,
})

/** Where the counted and skipped stretches of an explanation fail to tile [start, due). */
function untiled(start: Date, result: AddBusinessMinutesResult): string[] {
  const stretches = [...result.explanation.counted, ...result.explanation.skipped].sort((a, b) =>
    a.start.localeCompare(b.start),
  )
  const gaps: string[] = []
  let reached = start.toISOString()
  for (const stretch of stretches) {
    if (stretch.start !== reached) gaps.push(`${reached} → ${stretch.start}`)
    reached = stretch.end
  }
  if (result.dueAt && reached !== result.dueAt.toISOString()) gaps.push(`${reached} → due`)
  return gaps
}

describe('a date whose midnight repeats', () => {
  it('counts every real minute on a 24-hour desk in Havana across the double midnight', () => {
    // Arrange: Saturday 31 October 08:00 −04 until Monday 2 November 07:00 −05, 48 real hours
    const calendar = roundTheClock('America/Havana')

    // Act
    const elapsed = businessMinutesBetween({
      from: at('2026-10-31T12:00'),
      to: at('2026-11-02T12:00'),
      calendar,
    })
    const due = addBusinessMinutes({ start: at('2026-10-31T12:00'), minutes: 2880, calendar })

    // Assert
    expect(elapsed).toBe(2880)
    expect(due.dueAt).toEqual(at('2026-11-02T12:00'))
    expect(due.explanation.skipped).toEqual([])
  })

  it.each([
    ['Havana, Sunday 1 November 2026', 'America/Havana', 'sun', '2026-11-01T04:00', '2026-11-02T05:00'],
    ['Gaza, Friday 29 October 2021', 'Asia/Gaza', 'fri', '2021-10-28T21:00', '2021-10-29T22:00'],
    ['the Azores, Sunday 25 October 2026', 'Atlantic/Azores', 'sun', '2026-10-25T00:00', '2026-10-26T01:00'],
  ] as const)(
    'begins %s at the earlier midnight and lasts 25 hours',
    (_case, timeZone, day, begins, ends) => {
      // Arrange: a desk open all day on that weekday only
      const calendar = onlyOn(timeZone, day)
      const weekBefore = new Date(at(begins).getTime() - 5 * 86_400_000)
      const weekAfter = new Date(at(ends).getTime() + 5 * 86_400_000)

      // Act
      const intervals = openIntervals(calendar, weekBefore, weekAfter)

      // Assert
      expect(intervals).toEqual([{ start: at(begins), end: at(ends) }])
      expect(at(ends).getTime() - at(begins).getTime()).toBe(25 * 3_600_000)
    },
  )

  it.each([
    ['Havana', 'America/Havana', 'sun', '2026-11-01T04:00', '2026-11-01T06:00'],
    ['Gaza', 'Asia/Gaza', 'fri', '2021-10-28T21:00', '2021-10-28T23:00'],
  ] as const)(
    'counts the repeated first hour twice for a desk open 00:00–01:00 in %s',
    (_case, timeZone, day, opens, closes) => {
      // Arrange: 00:00–01:00 happens at the summer offset and again an hour later at the winter one
      const calendar = onlyOn(timeZone, day, '00:00', '01:00')

      // Act
      const intervals = openIntervals(
        calendar,
        new Date(at(opens).getTime() - 86_400_000),
        new Date(at(closes).getTime() + 86_400_000),
      )

      // Assert
      expect(intervals).toEqual([{ start: at(opens), end: at(closes) }])
    },
  )

  it('explains a Friday-to-Monday deadline in Havana without a hole at the double midnight', () => {
    // Arrange: Friday 30 October 2026, 16:00 −04; 60 minutes on Friday, 60 on Monday from 08:00 −05
    const start = at('2026-10-30T20:00')

    // Act
    const result = addBusinessMinutes({ start, minutes: 120, calendar: officeHours('America/Havana') })

    // Assert: the weekend runs from Saturday 00:00 −04 to Monday 00:00 −05 in one piece
    expect(result.dueAt).toEqual(at('2026-11-02T14:00'))
    expect(result.explanation.skipped).toEqual([
      skipped('2026-10-30T21:00', '2026-10-31T04:00', 'outside_hours'),
      skipped('2026-10-31T04:00', '2026-11-02T05:00', 'weekend'),
      skipped('2026-11-02T05:00', '2026-11-02T13:00', 'outside_hours'),
    ])
    expect(untiled(start, result)).toEqual([])
  })

  it('keeps office hours continuous across a repeated midnight on a working day (Gaza, Friday 29 October 2021)', () => {
    // Arrange: Thursday 28 October 12:00Z until Tuesday 2 November 12:00Z, and the same span cut at
    // every local midnight in between (Friday begins at 00:00 +03, Saturday at 00:00 +02)
    const calendar = officeHours('Asia/Gaza')
    const cuts = [
      '2021-10-28T12:00',
      '2021-10-28T21:00',
      '2021-10-29T22:00',
      '2021-10-30T22:00',
      '2021-10-31T22:00',
      '2021-11-01T22:00',
      '2021-11-02T12:00',
    ].map(at)
    const start = at('2021-10-28T12:00')

    // Act
    const whole = businessMinutesBetween({
      from: at('2021-10-28T12:00'),
      to: at('2021-11-02T12:00'),
      calendar,
    })
    const dayByDay = cuts
      .slice(1)
      .map((to, index) => businessMinutesBetween({ from: cuts[index] as Date, to, calendar }))
    const result = addBusinessMinutes({ start, minutes: whole, calendar })

    // Assert: Thursday 15:00–17:00 +03, Friday and Monday 9 hours each, Tuesday 08:00–14:00 +02
    expect(dayByDay).toEqual([120, 540, 0, 0, 540, 360])
    expect(whole).toBe(1560)
    expect(result.dueAt).toEqual(at('2021-11-02T12:00'))
    expect(untiled(start, result)).toEqual([])
    expect(result.explanation.skipped[0]).toEqual(
      skipped('2021-10-28T14:00', '2021-10-29T06:00', 'outside_hours'),
    )
  })
})

describe('a date whose midnight is skipped', () => {
  it.each([
    ['São Paulo, Sunday 4 November 2018', 'America/Sao_Paulo', '2018-11-04T03:00', '2018-11-05T02:00'],
    ['Havana, Sunday 8 March 2026', 'America/Havana', '2026-03-08T05:00', '2026-03-09T04:00'],
  ])('begins %s at the switch, 01:00 summer time, and lasts 23 hours', (_case, timeZone, begins, ends) => {
    // Arrange: a desk open all Sunday
    const calendar = onlyOn(timeZone, 'sun')

    // Act
    const intervals = openIntervals(
      calendar,
      new Date(at(begins).getTime() - 5 * 86_400_000),
      new Date(at(ends).getTime() + 5 * 86_400_000),
    )
    const roundTheClockDay = businessMinutesBetween({
      from: new Date(at(begins).getTime() - 86_400_000),
      to: at(ends),
      calendar: roundTheClock(timeZone),
    })

    // Assert: Saturday is a whole 24 hours up to the switch
    expect(intervals).toEqual([{ start: at(begins), end: at(ends) }])
    expect(at(ends).getTime() - at(begins).getTime()).toBe(23 * 3_600_000)
    expect(roundTheClockDay).toBe(24 * 60 + 23 * 60)
  })

  it('never opens a desk whose only hour, 00:00–01:00, is the one skipped (São Paulo, 2018)', () => {
    // Act
    const elapsed = businessMinutesBetween({
      from: at('2018-11-03T12:00'),
      to: at('2018-11-05T12:00'),
      calendar: onlyOn('America/Sao_Paulo', 'sun', '00:00', '01:00'),
    })

    // Assert
    expect(elapsed).toBe(0)
  })
})

/**
 * Until 2010 St John's (America/St_Johns) fell back at 00:01 −02:30 to 23:01 −03:30 the day before:
 * on Sunday 7 November 2010 the wall clock read 00:00 Sunday at 02:30Z, went back to 23:01 Saturday
 * at 02:31Z and reached 00:00 Sunday again at 03:30Z. Sunday begins at 02:30Z, and for the 59
 * minutes after the switch its frame shows Saturday's wall clock.
 */
describe('a switch that turns the clock back across midnight', () => {
  it('counts every real minute on a 24-hour desk in St John’s', () => {
    // Act
    const elapsed = businessMinutesBetween({
      from: at('2010-11-06T12:00'),
      to: at('2010-11-08T12:00'),
      calendar: roundTheClock('America/St_Johns'),
    })

    // Assert
    expect(elapsed).toBe(2880)
  })

  it.each([
    [
      'Saturday 23:00–24:00',
      'sat',
      '23:00',
      '24:00',
      ['2010-11-07T01:30', '2010-11-07T02:30'],
      ['2010-11-07T02:31', '2010-11-07T03:30'],
    ],
    [
      'Sunday 00:00–01:00',
      'sun',
      '00:00',
      '01:00',
      ['2010-11-07T02:30', '2010-11-07T02:31'],
      ['2010-11-07T03:30', '2010-11-07T04:30'],
    ],
  ] as const)(
    'opens a desk open %s whenever the wall clock shows those hours',
    (_case, day, start, end, first, second) => {
      // Act
      const intervals = openIntervals(
        onlyOn('America/St_Johns', day, start, end),
        at('2010-11-05T12:00'),
        at('2010-11-09T12:00'),
      )

      // Assert
      expect(intervals).toEqual([
        { start: at(first[0]), end: at(first[1]) },
        { start: at(second[0]), end: at(second[1]) },
      ])
    },
  )
})
