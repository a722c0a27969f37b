import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import {
  type AddBusinessMinutesResult,
  addBusinessMinutes,
  businessMinutesBetween,
  openIntervals,
  type Pause,
} from '#src/domain/sla/business-time.ts'
import {
  BusinessCalendar,
  type Calendar,
  type DayHours,
  followTheSunCalendar,
  minutesOfDay,
  viennaCalendar,
  weekdays,
} from '#src/domain/sla/calendar.ts'

/**
 * Laws of business time, checked on the seeded calendars and on random desks in zones with
 * unusual offsets (Kathmandu +05:45, Lord Howe's 30-minute DST) and DST in both hemispheres.
 */

const minuteMs = 60_000
const runs = { numRuns: 60 }

const quarterHour = (quarters: number) =>
  `${String(Math.floor(quarters / 4)).padStart(2, '0')}:${String((quarters % 4) * 15).padStart(2, '0')}`

/** A day's hours: up to two intervals on the quarter-hour grid, possibly touching midnight. */
const dayHours: fc.Arbitrary<DayHours> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 4 })
  .map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b)
    const hours: DayHours = []
    for (let index = 0; index + 1 < sorted.length; index += 2) {
      hours.push({
        start: quarterHour(sorted[index] as number),
        end: quarterHour(sorted[index + 1] as number),
      })
    }
    return hours
  })

const zones = [
  'Europe/Vienna',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kathmandu',
  'UTC',
] as const

const randomDesk = (holidays: fc.Arbitrary<boolean>): fc.Arbitrary<BusinessCalendar> =>
  fc
    .record({
      timeZone: fc.constantFrom(...zones),
      days: fc.tuple(dayHours, dayHours, dayHours, dayHours, dayHours, dayHours, dayHours),
      observesAustrianHolidays: holidays,
    })
    .map(({ timeZone, days, observesAustrianHolidays }) =>
      BusinessCalendar.parse({
        id: 'random',
        name: 'Random desk',
        timeZone,
        // Monday always has four hours, so no property run needs years of calendar to finish.
        weeklyHours: Object.fromEntries(
          weekdays.map((weekday, index) => [
            weekday,
            weekday === 'mon' ? [{ start: '10:00', end: '14:00' }] : days[index],
          ]),
        ),
        ...(observesAustrianHolidays ? { holidays: { country: 'AT' } } : {}),
        extraClosedDates: [{ date: '12-24', name: 'Heiliger Abend' }],
      }),
    )

const calendar = fc.oneof(
  fc.constant<Calendar>(viennaCalendar),
  fc.constant<Calendar>(followTheSunCalendar),
  randomDesk(fc.boolean()),
)

/** Any instant of 2026–2027, not necessarily on a whole minute. */
const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((milliseconds) => new Date(milliseconds))
const minutes = fc.integer({ min: 0, max: 3000 })

/** Up to three closed pauses within ten days after `start`. */
const pausesAfter = (start: Date): fc.Arbitrary<Pause[]> =>
  fc.array(
    fc
      .record({ offset: fc.integer({ min: 0, max: 14_400 }), length: fc.integer({ min: 1, max: 3000 }) })
      .map(({ offset, length }) => ({
        start: new Date(start.getTime() + offset * minuteMs),
        end: new Date(start.getTime() + (offset + length) * minuteMs),
      })),
    { maxLength: 3 },
  )

const scenario = fc
  .record({ calendar, start: instant, minutes })
  .chain((base) => pausesAfter(base.start).map((pauses) => ({ ...base, pauses })))

function dueOf(result: AddBusinessMinutesResult): number {
  if (!result.dueAt) throw new Error('closed pauses never stop the clock')
  return result.dueAt.getTime()
}

const truncated = (date: Date) => Math.floor(date.getTime() / minuteMs) * minuteMs
const openMinutes = (calendarOf: Calendar, from: number, to: number) =>
  openIntervals(calendarOf, new Date(from), new Date(to)).reduce(
    (sum, interval) => sum + (interval.end.getTime() - interval.start.getTime()) / minuteMs,
    0,
  )
/** Whether [from, to) overlaps a pause, on the engine's whole-minute grid (pause bounds truncated). */
const insidePause = (pauses: readonly Pause[], from: number, to: number) =>
  pauses.some((pause) => from < (pause.end ? truncated(pause.end) : Infinity) && truncated(pause.start) < to)

describe('addBusinessMinutes laws', () => {
  it('ends in business time: the minute ending at the due time is open (for 0 minutes, the one starting there)', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        // Act
        const due = dueOf(addBusinessMinutes(input))

        // Assert
        const minute = input.minutes > 0 ? [due - minuteMs, due] : [due, due + minuteMs]
        const [from, to] = minute as [number, number]
        expect(openMinutes(input.calendar, from, to)).toBe(1)
        expect(insidePause(input.pauses, from, to)).toBe(false)
        expect(due).toBeGreaterThanOrEqual(truncated(input.start))
      }),
      runs,
    )
  })

  it('is monotonic in minutes', () => {
    fc.assert(
      fc.property(scenario, minutes, (input, other) => {
        // Arrange
        const [fewer, more] = [Math.min(input.minutes, other), Math.max(input.minutes, other)]

        // Act
        const early = dueOf(addBusinessMinutes({ ...input, minutes: fewer }))
        const late = dueOf(addBusinessMinutes({ ...input, minutes: more }))

        // Assert
        expect(early).toBeLessThanOrEqual(late)
      }),
      runs,
    )
  })

  it('adds up: a minutes, then b ≥ 1 more from there, is a + b', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 3000 }), (input, more) => {
        // Act
        const first = addBusinessMinutes(input)
        const then = addBusinessMinutes({ ...input, start: new Date(dueOf(first)), minutes: more })
        const atOnce = addBusinessMinutes({ ...input, minutes: input.minutes + more })

        // Assert
        expect(dueOf(then)).toBe(dueOf(atOnce))
      }),
      runs,
    )
  })

  it('never counts a paused minute, and a pause never makes the due time earlier', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        // Act
        const paused = addBusinessMinutes(input)
        const unpaused = addBusinessMinutes({ ...input, pauses: [] })

        // Assert
        for (const counted of paused.explanation.counted) {
          expect(insidePause(input.pauses, Date.parse(counted.start), Date.parse(counted.end))).toBe(false)
        }
        expect(dueOf(paused)).toBeGreaterThanOrEqual(dueOf(unpaused))
      }),
      runs,
    )
  })

  it('explains itself: counted minutes sum to the target and, with the skipped stretches, tile start → due', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        // Act
        const result = addBusinessMinutes(input)

        // Assert
        const { counted, skipped } = result.explanation
        expect(counted.reduce((sum, interval) => sum + interval.minutes, 0)).toBe(input.minutes)
        const stretches = [...counted, ...skipped]
          .map((interval) => [Date.parse(interval.start), Date.parse(interval.end)] as const)
          .sort((a, b) => a[0] - b[0])
        let cursor = truncated(input.start)
        for (const [start, end] of stretches) {
          expect(start).toBe(cursor)
          expect(end).toBeGreaterThan(start)
          cursor = end
        }
        expect(cursor).toBe(dueOf(result))
      }),
      runs,
    )
  })

  it('agrees with businessMinutesBetween: the business minutes from start to due are the target', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        // Act
        const due = dueOf(addBusinessMinutes(input))
        const elapsed = businessMinutesBetween({
          from: input.start,
          to: new Date(due),
          calendar: input.calendar,
          pauses: input.pauses,
        })

        // Assert
        expect(elapsed).toBe(input.minutes)
      }),
      runs,
    )
  })
})

/** Instants within two days of a 2026 DST switch in one of the zones above (both hemispheres). */
const nearSwitch = fc
  .record({
    switchAt: fc.constantFrom(
      '2026-03-08T07:00Z', // New York, spring
      '2026-03-29T01:00Z', // Vienna, spring
      '2026-04-04T15:00Z', // Lord Howe, back by 30 minutes
      '2026-04-05T03:00Z', // Santiago, back at midnight
      '2026-09-06T04:00Z', // Santiago, forward at midnight
      '2026-10-03T15:30Z', // Lord Howe, forward by 30 minutes
      '2026-10-25T01:00Z', // Vienna, autumn
      '2026-11-01T06:00Z', // New York, autumn
    ),
    minutesAway: fc.integer({ min: -2880, max: 2880 }),
  })
  .map(({ switchAt, minutesAway }) => Date.parse(switchAt) + minutesAway * minuteMs)

describe('openIntervals', () => {
  it('matches the wall clock: a minute is open exactly when its local time lies in that weekday’s hours', () => {
    fc.assert(
      fc.property(
        randomDesk(fc.constant(false)),
        fc.oneof(nearSwitch, instant.map(truncated)),
        (desk, minute) => {
          // Arrange: an oracle that asks Luxon for the local time and reads the hours directly
          const local = DateTime.fromMillis(minute, { zone: desk.timeZone })
          const wall = local.hour * 60 + local.minute
          const hours = desk.weeklyHours[weekdays[local.weekday - 1] as (typeof weekdays)[number]]
          const expected =
            local.toFormat('MM-dd') !== '12-24' &&
            hours.some(
              (interval) => minutesOfDay(interval.start) <= wall && wall < minutesOfDay(interval.end),
            )

          // Act
          const open = openMinutes(desk, minute, minute + minuteMs) === 1

          // Assert
          expect(open).toBe(expected)
        },
      ),
      { numRuns: 400 },
    )
  })
})
