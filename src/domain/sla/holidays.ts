import type { default as Holidays, HolidaysTypes } from 'date-holidays'
import * as z from '#src/zod.ts'
import { addCivilDays, type CivilDate, civilDateKey, parseCivilDate } from './civil-date.ts'
import { holidayEngine } from './holiday-engine.ts'

/** The holiday types date-holidays knows. Only `public` closes a desk unless a calendar says otherwise. */
export const holidayTypes = ['public', 'bank', 'optional', 'school', 'observance'] as const
export type HolidayType = (typeof holidayTypes)[number]

/**
 * The part of one local date a holiday closes, in wall-clock minutes after midnight. Nearly every
 * public holiday closes the whole day (0–1440); some other types start in the afternoon
 * (Austria's bank-type "Heiliger Abend" from 14:00).
 */
export type HolidayClosure = { fromMinute: number; toMinute: number; name: string }

const minutesPerDay = 1440

// Constructing a Holidays instance parses the country's rules (milliseconds) and the first
// getHolidays() call of a country costs ~10 ms, so both are computed once per process.
const instances = new Map<string, Holidays>()
const closuresByYear = new Map<string, ReadonlyMap<string, readonly HolidayClosure[]>>()
const supportedRegions = new Map<string, boolean>()

function sourceKey(source: HolidaySource): string {
  return `${source.country}|${source.region ?? ''}|${[...source.types].sort().join(',')}`
}

function instanceFor(source: HolidaySource, key: string): Holidays {
  let instance = instances.get(key)
  if (!instance) {
    const options = { types: source.types }
    const Holidays = holidayEngine()
    instance =
      source.region === undefined
        ? new Holidays(source.country, options)
        : new Holidays(source.country, source.region, options)
    instances.set(key, instance)
  }
  return instance
}

/**
 * Spreads one holiday over the local dates it covers. date-holidays gives the local start as text
 * ("2026-12-24 14:00:00", sometimes with a trailing offset we ignore: the desk closes on its own
 * local date) and the length as start/end instants.
 */
function closuresOf(holiday: HolidaysTypes.Holiday): Array<{ date: CivilDate; closure: HolidayClosure }> {
  const date = parseCivilDate(holiday.date.slice(0, 10))
  if (!date) return []
  const fromMinute = Number(holiday.date.slice(11, 13)) * 60 + Number(holiday.date.slice(14, 16))
  let endMinute = fromMinute + Math.round((holiday.end.getTime() - holiday.start.getTime()) / 60_000)
  // A holiday spanning a DST switch is an hour shorter or longer in real time; it still ends at midnight.
  const nearestMidnight = Math.round(endMinute / minutesPerDay) * minutesPerDay
  if (Math.abs(endMinute - nearestMidnight) <= 60) endMinute = nearestMidnight

  const result: Array<{ date: CivilDate; closure: HolidayClosure }> = []
  for (let offset = 0; offset * minutesPerDay < endMinute; offset++) {
    const from = offset === 0 ? fromMinute : 0
    const to = Math.min(minutesPerDay, endMinute - offset * minutesPerDay)
    if (to > from)
      result.push({
        date: addCivilDays(date, offset),
        closure: { fromMinute: from, toMinute: to, name: holiday.name },
      })
  }
  return result
}

function closuresForYear(source: HolidaySource, key: string, year: number) {
  const cacheKey = `${key}|${year}`
  let closures = closuresByYear.get(cacheKey)
  if (!closures) {
    const instance = instanceFor(source, key)
    const byDate = new Map<string, HolidayClosure[]>()
    // The previous year's list too: a multi-day holiday starting on 30 December reaches into this year.
    for (const holiday of [...instance.getHolidays(year - 1), ...instance.getHolidays(year)]) {
      for (const { date, closure } of closuresOf(holiday)) {
        if (date.year !== year) continue
        const dateKey = civilDateKey(date)
        byDate.set(dateKey, [...(byDate.get(dateKey) ?? []), closure])
      }
    }
    closures = byDate
    closuresByYear.set(cacheKey, closures)
  }
  return closures
}

/** The holiday closures of one local date (usually none). Cached per source and year. */
export function holidayClosuresOn(source: HolidaySource, date: CivilDate): readonly HolidayClosure[] {
  return closuresForYear(source, sourceKey(source), date.year).get(civilDateKey(date)) ?? []
}

/** Whether date-holidays knows this country (ISO 3166-1 alpha-2) and, if given, this state of it. */
export function isSupportedHolidayRegion(country: string, region?: string): boolean {
  const key = `${country}|${region ?? ''}`
  let supported = supportedRegions.get(key)
  if (supported === undefined) {
    const catalogue = new (holidayEngine())()
    const countries = catalogue.getCountries()
    supported =
      Object.hasOwn(countries, country) &&
      (region === undefined || Object.hasOwn(catalogue.getStates(country) ?? {}, region))
    supportedRegions.set(key, supported)
  }
  return supported
}

/**
 * The public holidays a calendar observes, resolved with the date-holidays package. Only the
 * `public` type by default: bank holidays and observances (Austria's "Heiliger Abend" from 14:00,
 * Mother's Day) do not close a support desk unless a calendar asks for them.
 */
export const HolidaySource = z
  .strictObject({
    country: z
      .string()
      .check(z.regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as AT')),
    region: z.optional(z.string().check(z.minLength(1), z.maxLength(10))),
    types: z._default(z.array(z.enum(holidayTypes)).check(z.minLength(1)), ['public']),
  })
  .check(
    z.refine((source) => isSupportedHolidayRegion(source.country, source.region), {
      message: 'the holiday data knows no such country or region',
    }),
  )
export type HolidaySource = z.infer<typeof HolidaySource>
