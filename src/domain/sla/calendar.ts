import * as z from '#src/zod.ts'
import { civilWeekday, parseCivilDate } from './civil-date.ts'
import { HolidaySource } from './holidays.ts'

/**
 * Business calendars: when a support desk is open (docs/sla.md). These
 * schemas are the stored and API shape; the engine in business-time.ts reads them as they are.
 */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof weekdays)[number]

/** Minutes after local midnight of an `HH:mm` wall-clock time (`24:00` is 1440). */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))
}

const startTimePattern = /^(?:[01]\d|2[0-3]):[0-5]\d$/
// '24:00' lets an interval run to the end of the day (a 24-hour desk is 00:00–24:00).
const endTimePattern = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/

/** One opening interval of a day in local wall-clock time, e.g. `{ start: '08:00', end: '17:00' }`. */
export const OpeningInterval = z
  .strictObject({
    start: z.string().check(z.regex(startTimePattern, 'expected HH:mm between 00:00 and 23:59')),
    end: z.string().check(z.regex(endTimePattern, 'expected HH:mm between 00:01 and 24:00')),
  })
  .check(
    z.refine((interval) => minutesOfDay(interval.end) > minutesOfDay(interval.start), {
      message: 'end must be after start',
      path: ['end'],
      // Compare only well-formed times: a malformed start is reported once, by its own pattern.
      when: (payload) => payload.issues.length === 0,
    }),
  )
export type OpeningInterval = z.infer<typeof OpeningInterval>

/** A day's opening intervals, in any order but never overlapping (touching is fine). */
export const DayHours = z.array(OpeningInterval).check(
  z.maxLength(12),
  z.superRefine((intervals, ctx) => {
    const sorted = intervals
      .map((interval, index) => ({
        start: minutesOfDay(interval.start),
        end: minutesOfDay(interval.end),
        index,
      }))
      .sort((a, b) => a.start - b.start)
    sorted.forEach((interval, position) => {
      const previous = sorted[position - 1]
      if (previous && interval.start < previous.end) {
        ctx.addIssue({
          code: 'custom',
          message: 'opening intervals of a day must not overlap',
          path: [interval.index],
        })
      }
    })
  }),
)
export type DayHours = z.infer<typeof DayHours>

/** Regular opening hours per weekday; a day without intervals is closed (reported as `weekend`). */
export const WeeklyHours = z.strictObject({
  mon: DayHours,
  tue: DayHours,
  wed: DayHours,
  thu: DayHours,
  fri: DayHours,
  sat: DayHours,
  sun: DayHours,
})
export type WeeklyHours = z.infer<typeof WeeklyHours>

const calendarDatePattern = /^(?:\d{4}-)?\d{2}-\d{2}$/

/** Whether a calendar date is `MM-DD` (every year) rather than `YYYY-MM-DD` (one date). */
export function isRecurringDate(date: string): boolean {
  return date.length === 5
}

/**
 * `YYYY-MM-DD` for one date, or `MM-DD` for the same date every year (24 December is `12-24`).
 * `02-29` is allowed and applies in leap years only.
 */
export const CalendarDate = z.string().check(
  z.regex(calendarDatePattern, {
    message: "expected 'YYYY-MM-DD' (one date) or 'MM-DD' (every year)",
    abort: true,
  }),
  z.refine(
    (date) => parseCivilDate(isRecurringDate(date) ? `2000-${date}` : date) !== undefined,
    'no such date',
  ),
)

const DateName = z.string().check(z.trim(), z.minLength(1), z.maxLength(100))

/** A date the desk is closed although its weekday has hours (reported as a `holiday` with this name). */
export const ExtraClosedDate = z.strictObject({ date: CalendarDate, name: DateName })
export type ExtraClosedDate = z.infer<typeof ExtraClosedDate>

/**
 * A date the desk is open although a holiday, an extra closed date or its weekday says otherwise.
 * Without `hours` the date gets its weekday's regular hours (working through a holiday); with
 * `hours` exactly those (a special Saturday).
 */
export const ExtraOpenDate = z.strictObject({
  date: CalendarDate,
  name: DateName,
  hours: z.optional(DayHours),
})
export type ExtraOpenDate = z.infer<typeof ExtraOpenDate>

const CalendarId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected lower-case letters, digits and dashes (at most 64)'))
const CalendarName = z.string().check(z.trim(), z.minLength(1), z.maxLength(200))

/**
 * Whether the runtime knows `zone` as a time zone: the check Luxon's `IANAZone.isValidZone` makes,
 * without loading Luxon into every function that only validates a calendar.
 */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format()
    return true
  } catch {
    return false
  }
}

/** One desk in one time zone. Holidays and extra dates are local calendar dates of `timeZone`. */
export const BusinessCalendar = z
  .strictObject({
    id: CalendarId,
    name: CalendarName,
    timeZone: z.string().check(z.refine(isTimeZone, 'expected an IANA time zone such as Europe/Vienna')),
    weeklyHours: WeeklyHours,
    holidays: z.optional(HolidaySource),
    extraClosedDates: z._default(z.array(ExtraClosedDate).check(z.maxLength(400)), []),
    extraOpenDates: z._default(z.array(ExtraOpenDate).check(z.maxLength(400)), []),
  })
  .check(
    z.superRefine((calendar, ctx) => {
      const closed = new Set<string>()
      calendar.extraClosedDates.forEach(({ date }, index) => {
        if (closed.has(date))
          ctx.addIssue({
            code: 'custom',
            message: 'date listed twice',
            path: ['extraClosedDates', index, 'date'],
          })
        closed.add(date)
      })
      const open = new Set<string>()
      calendar.extraOpenDates.forEach(({ date, hours }, index) => {
        const path = ['extraOpenDates', index]
        if (open.has(date))
          ctx.addIssue({ code: 'custom', message: 'date listed twice', path: [...path, 'date'] })
        if (closed.has(date)) {
          ctx.addIssue({
            code: 'custom',
            message: 'date is also an extra closed date',
            path: [...path, 'date'],
          })
        }
        open.add(date)
        // Without hours a one-off date falls back to its weekday's hours; on a closed weekday that opens nothing.
        const civil = isRecurringDate(date) ? undefined : parseCivilDate(date)
        const weekday = civil ? weekdays[civilWeekday(civil) - 1] : undefined
        if (!hours && weekday && calendar.weeklyHours[weekday].length === 0) {
          ctx.addIssue({
            code: 'custom',
            message: `${weekday} has no regular hours: give hours`,
            path: [...path, 'hours'],
          })
        }
      })
      const hasWeeklyHours = weekdays.some((weekday) => calendar.weeklyHours[weekday].length > 0)
      const hasExtraHours = calendar.extraOpenDates.some((extra) => (extra.hours?.length ?? 0) > 0)
      if (!hasWeeklyHours && !hasExtraHours) {
        ctx.addIssue({ code: 'custom', message: 'the calendar is never open', path: ['weeklyHours'] })
      }
    }),
  )
export type BusinessCalendar = z.infer<typeof BusinessCalendar>

/**
 * Follow-the-sun: several desks, open whenever any of them is open. Members keep their own time
 * zones and holidays.
 */
export const UnionCalendar = z.strictObject({
  id: CalendarId,
  name: CalendarName,
  unionOf: z.array(BusinessCalendar).check(z.minLength(1), z.maxLength(10)),
})
export type UnionCalendar = z.infer<typeof UnionCalendar>

/** Any calendar an SLA can run on. */
export const Calendar = z.union([BusinessCalendar, UnionCalendar])
export type Calendar = z.infer<typeof Calendar>

export function isUnionCalendar(calendar: Calendar): calendar is UnionCalendar {
  return 'unionOf' in calendar
}

const closedDay: DayHours = []
const hours = (start: string, end: string): DayHours => [{ start, end }]

/**
 * The `vienna` calendar (docs/sla.md, from the German handbook's "Betriebszeiten"): Mon–Thu
 * 08:00–17:00, Fri 08:00–14:00 Europe/Vienna, closed on Austrian public holidays (nationwide ones:
 * Vienna's Leopoldi is not a statutory day off) and on 24 and 31 December every year. The extra
 * dates are named in German like the holidays date-holidays reports for Austria.
 */
export const viennaCalendar: BusinessCalendar = {
  id: 'vienna',
  name: 'Vienna: Mon–Thu 08:00–17:00, Fri 08:00–14:00',
  timeZone: 'Europe/Vienna',
  weeklyHours: {
    mon: hours('08:00', '17:00'),
    tue: hours('08:00', '17:00'),
    wed: hours('08:00', '17:00'),
    thu: hours('08:00', '17:00'),
    fri: hours('08:00', '14:00'),
    sat: closedDay,
    sun: closedDay,
  },
  holidays: { country: 'AT', types: ['public'] },
  extraClosedDates: [
    { date: '12-24', name: 'Heiliger Abend' },
    { date: '12-31', name: 'Silvester' },
  ],
  extraOpenDates: [],
}

const nineToFive = {
  mon: hours('09:00', '17:00'),
  tue: hours('09:00', '17:00'),
  wed: hours('09:00', '17:00'),
  thu: hours('09:00', '17:00'),
  fri: hours('09:00', '17:00'),
  sat: closedDay,
  sun: closedDay,
}

/**
 * The `follow-the-sun` calendar (docs/sla.md): the union of Mon–Fri 09:00–17:00 in New York, London
 * and Paris.
 *
 * Each desk observes its own country's public holidays (US federal, England, France). Nothing fixed
 * this; we chose it because each office's staff are off on their own holidays, while the
 * union still serves customers from the other offices — so the clock stops only when every office
 * is closed (25 December, 1 January). London uses England's list (region ENG): the national GB list
 * lacks England's summer bank holiday.
 */
export const followTheSunCalendar: UnionCalendar = {
  id: 'follow-the-sun',
  name: 'Follow the sun: New York, London and Paris, Mon–Fri 09:00–17:00',
  unionOf: [
    {
      id: 'follow-the-sun-new-york',
      name: 'New York: Mon–Fri 09:00–17:00',
      timeZone: 'America/New_York',
      weeklyHours: nineToFive,
      holidays: { country: 'US', types: ['public'] },
      extraClosedDates: [],
      extraOpenDates: [],
    },
    {
      id: 'follow-the-sun-london',
      name: 'London: Mon–Fri 09:00–17:00',
      timeZone: 'Europe/London',
      weeklyHours: nineToFive,
      holidays: { country: 'GB', region: 'ENG', types: ['public'] },
      extraClosedDates: [],
      extraOpenDates: [],
    },
    {
      id: 'follow-the-sun-paris',
      name: 'Paris: Mon–Fri 09:00–17:00',
      timeZone: 'Europe/Paris',
      weeklyHours: nineToFive,
      holidays: { country: 'FR', types: ['public'] },
      extraClosedDates: [],
      extraOpenDates: [],
    },
  ],
}
