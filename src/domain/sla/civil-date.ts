/**
 * Calendar dates without a time or a zone ("the 24th of December"). Holidays, extra dates and
 * weekly hours are all about local calendar dates, so the engine walks these and asks the zone
 * (zone-clock.ts) only when a date has to become an instant.
 */
export type CivilDate = { readonly year: number; readonly month: number; readonly day: number }

const pad2 = (n: number) => String(n).padStart(2, '0')

/** `YYYY-MM-DD`, the key every per-date lookup uses. */
export function civilDateKey(date: CivilDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`
}

/** The date `days` later. Pure calendar arithmetic: `Date.UTC` has no zone and no DST. */
export function addCivilDays(date: CivilDate, days: number): CivilDate {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() }
}

/** ISO weekday: 1 = Monday … 7 = Sunday (Luxon's numbering). */
export function civilWeekday(date: CivilDate): number {
  const sundayIsZero = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()
  return sundayIsZero === 0 ? 7 : sundayIsZero
}

/** Parses `YYYY-MM-DD`; undefined for anything else, including dates that do not exist (02-30). */
export function parseCivilDate(text: string): CivilDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return undefined
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  const roundTrip = addCivilDays(date, 0)
  return roundTrip.month === date.month && roundTrip.day === date.day ? date : undefined
}
