import { tzOffset } from '@date-fns/tz/tzOffset'
import type { CivilDate } from './civil-date.ts'

/**
 * The little time-zone arithmetic the SLA engine needs: a zone's UTC offset at an instant, the
 * local date of an instant, and the instant a local date begins. All instants are epoch
 * milliseconds, all offsets minutes east of UTC.
 *
 * Why not Luxon: it was the only thing Luxon did for the Lambdas, and it cost every function that
 * computes business time 70 KB of minified bundle (docs/performance.md). Offsets come from
 * `@date-fns/tz`'s `tzOffset`, a thin layer over `Intl.DateTimeFormat` (the runtime's own tz
 * database, the same source Luxon read). The rest is arithmetic, written to give Luxon's answers,
 * skipped midnights included; where midnight repeats it takes the earlier one, which Luxon does
 * only when run in (northern) summer. test/unit/sla/zone-clock.test.ts compares the two on every
 * date from 1995 to 2040 in zones chosen for their odd switches.
 */

const minuteMs = 60_000
const dayMs = 86_400_000

/** Minutes east of UTC that `timeZone` (an IANA name) observes at `instant`. */
export function offsetAt(timeZone: string, instant: number): number {
  return tzOffset(timeZone, new Date(instant))
}

/** The wall clock `00:00` of `date` read as if it were UTC: the "local timestamp" the rest shifts. */
function wallMidnight(date: CivilDate): number {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day))
  // Date.UTC reads years 0–99 as 1900–1999; put the year back (no SLA date is that old, but be exact).
  if (date.year >= 0 && date.year < 100) utc.setUTCFullYear(date.year, date.month - 1, date.day)
  return utc.getTime()
}

/** The local calendar date in `timeZone` at `instant` (what Luxon's `DateTime.fromMillis` reports). */
export function civilDateAt(timeZone: string, instant: number): CivilDate {
  return civilDateAtOffset(instant, offsetAt(timeZone, instant))
}

/** The calendar date a wall clock at a fixed UTC offset (minutes) shows at `instant`. */
export function civilDateAtOffset(instant: number, offset: number): CivilDate {
  const wall = new Date(instant + offset * minuteMs)
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() }
}

/** The instant the wall clock of `date` reads 00:00 at a fixed UTC offset (minutes). */
export function midnightAtOffset(date: CivilDate, offset: number): number {
  return wallMidnight(date) - offset * minuteMs
}

/**
 * When a local date begins in `timeZone`: `instant`, the `offset` in force then, and whether the
 * wall clock reads 00:00 at that instant (`atMidnight`). That is the first instant whose local date
 * is `date` (or later, for a date the clocks skip entirely), so consecutive dates tile time without
 * gaps (timeline.ts relies on it). The one exception, kept as Luxon has it: a switch that jumps
 * across midnight without landing on it (23:30 → 00:30, Toronto 1919; none in tzdb since 1935)
 * begins the date at 00:00 of the old offset, half an hour after the switch.
 *
 * Most days that is simply local midnight. Two kinds of day are not simple:
 * - **Midnight skipped** (the clocks jump from 00:00 to 01:00, as in Brazil until 2019, Chile or
 *   Cuba): the day begins at the moment of the switch, with the new offset; the wall clock then
 *   reads the time it jumped to, so `atMidnight` is false. (Where a switch skips a whole day, as
 *   Samoa's did on 30 December 2011, the instant is the switch and the wall clock reads 00:00 of the
 *   next day.) Luxon's `DateTime.fromObject({ year, month, day }, { zone })` gives the same.
 * - **Midnight repeated** (the clocks fall back from 01:00 to 00:00, as in Cuba, Palestine or the
 *   Azores): the earlier of the two midnights, with the larger (summer) offset. The date then lasts
 *   25 hours and its first hour happens twice, like the repeated hour of any autumn night; were it
 *   to begin at the later midnight, the first pass of that hour would belong to no date.
 *
 * The search is Luxon's (`fixOffset` in its datetime.js): take a guessed offset, check it against
 * the zone at the instant it implies, correct the guess once, and if the corrected instant still
 * disagrees the wall time does not exist: keep the wall time at the smaller offset and report the
 * larger. Luxon guesses with the zone's offset *now*, so where midnight repeats its answer depends
 * on when it runs (Havana's earlier midnight in summer, its later one in winter), and where a
 * zone's offset has moved a long way since (Samoa's −11 in 2011, +13 today) a wrong guess can land
 * it on the wrong side of a switch. This guesses with the offset a day before the wall time
 * instead: the earlier side of any switch near it. A repeated midnight then resolves at the first
 * try to the earlier one; a skipped one fails both tries whichever side the guess starts from, and
 * lands on the switch; on any other date the guess is right or corrected once.
 */
export function startOfDate(
  timeZone: string,
  date: CivilDate,
): { instant: number; offset: number; atMidnight: boolean } {
  const wall = wallMidnight(date)
  const guess = offsetAt(timeZone, wall - dayMs)
  let instant = wall - guess * minuteMs
  let offset = offsetAt(timeZone, instant)
  if (offset !== guess) {
    const corrected = offset
    instant = wall - corrected * minuteMs
    offset = offsetAt(timeZone, instant)
    if (offset !== corrected) {
      // A wall time the clocks skip: the instant at the smaller offset, reported at the larger.
      instant = wall - Math.min(offset, corrected) * minuteMs
      offset = Math.max(offset, corrected)
    }
  }
  // Luxon's test: the wall clock's hour and minute are both 0.
  const sinceWallMidnight = (((instant + offset * minuteMs) % dayMs) + dayMs) % dayMs
  return { instant, offset, atMidnight: sinceWallMidnight < minuteMs }
}
