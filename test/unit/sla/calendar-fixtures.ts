import type { BusinessCalendar, DayHours, WeeklyHours } from '#src/domain/sla/calendar.ts'

/** Test calendars: one desk, closed every day unless the test opens it. */

const closed: DayHours = []

export const closedWeek: WeeklyHours = {
  mon: closed,
  tue: closed,
  wed: closed,
  thu: closed,
  fri: closed,
  sat: closed,
  sun: closed,
}

export function everyDay(hours: DayHours): WeeklyHours {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours }
}

export function aCalendar(overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    id: 'test',
    name: 'Test desk',
    timeZone: 'Europe/Vienna',
    weeklyHours: everyDay([{ start: '09:00', end: '17:00' }]),
    extraClosedDates: [],
    extraOpenDates: [],
    ...overrides,
  }
}

/** Shorthand for instants in tests: `at('2026-12-18T12:00')` is that UTC minute. */
export function at(isoUtcMinute: string): Date {
  return new Date(`${isoUtcMinute}:00Z`)
}
