import type { Calendar } from './calendar.ts'
import { BusinessTimeHorizonError, CalendarNeverOpenError } from './errors.ts'
import { type ClosedReason, hasAnyOpeningHours, mergePauses, type PauseSpan, timelineOf } from './timeline.ts'

/**
 * Business time: counting SLA minutes only while a calendar is open and the clock is not paused
 * (docs/sla.md). Pure functions: no clock, no I/O; zone-clock.ts (@date-fns/tz, Intl underneath)
 * for every time-zone question, date-holidays for public holidays.
 *
 * The engine works on a whole-minute grid: every instant it is given (start, from, to, pause
 * bounds) is first truncated to its UTC minute, so a case filed at 12:00:37 starts its clock at
 * 12:00 and every due time is a whole minute.
 */

/** A stretch of counted business time (ISO 8601 UTC); `minutes` is always a whole number. */
export type CountedInterval = { start: string; end: string; minutes: number }

/** Why a stretch did not count. `name` is the holiday's or extra date's name, or the pause's reason. */
export type SkipReason = ClosedReason
export type SkippedInterval = { start: string; end: string; reason: SkipReason; name?: string }

/**
 * How a due time came about, each list in time order with neighbours of the same kind merged.
 * Together they tile the time from the start to the due time without gaps or overlaps.
 */
export type BusinessTimeExplanation = { counted: CountedInterval[]; skipped: SkippedInterval[] }

/** The SLA clock stands still from `start` to `end`; without `end` it is still standing still. */
export type Pause = { start: Date; end?: Date | undefined; reason?: string | undefined }

export type AddBusinessMinutesInput = {
  start: Date
  /** A whole, non-negative number of business minutes. */
  minutes: number
  calendar: Calendar
  pauses?: readonly Pause[] | undefined
}

export type AddBusinessMinutesResult = {
  /** When the minutes are used up; null while an open-ended pause holds the clock before that. */
  dueAt: Date | null
  /** Minutes still to count when the clock stopped (0 whenever `dueAt` is set). */
  remainingMinutes: number
  /** The start of the open-ended pause that holds the clock, or null. */
  pausedSince: Date | null
  explanation: BusinessTimeExplanation
}

/** How far ahead the engine searches for open time before it gives up (about three years). */
export const searchHorizonDays = 1096

const minuteMs = 60_000
const horizonMs = searchHorizonDays * 24 * 60 * minuteMs

const toMinuteGrid = (instant: number) => Math.floor(instant / minuteMs) * minuteMs
const iso = (instant: number) => new Date(instant).toISOString()

function instantOf(date: Date, field: string): number {
  const instant = date.getTime()
  if (Number.isNaN(instant)) throw new RangeError(`${field} is not a valid date`)
  return toMinuteGrid(instant)
}

function pauseSpansOf(pauses: readonly Pause[]): PauseSpan[] {
  return mergePauses(
    pauses.map((pause, index) => {
      const start = instantOf(pause.start, `pauses[${index}].start`)
      const end = pause.end ? instantOf(pause.end, `pauses[${index}].end`) : Number.POSITIVE_INFINITY
      if (end < start) throw new RangeError(`pauses[${index}] ends before it starts`)
      return { start, end, name: pause.reason }
    }),
  )
}

/** Collects counted and skipped stretches, merging neighbours, in epoch milliseconds. */
class ExplanationBuilder {
  private readonly counted: Array<{ start: number; end: number }> = []
  private readonly skipped: Array<{
    start: number
    end: number
    reason: SkipReason
    name: string | undefined
  }> = []

  count(start: number, end: number) {
    const last = this.counted.at(-1)
    if (last && last.end === start) last.end = end
    else this.counted.push({ start, end })
  }

  skip(start: number, end: number, reason: SkipReason, name: string | undefined) {
    const last = this.skipped.at(-1)
    if (last && last.end === start && last.reason === reason && last.name === name) last.end = end
    else this.skipped.push({ start, end, reason, name })
  }

  build(): BusinessTimeExplanation {
    return {
      counted: this.counted.map(({ start, end }) => ({
        start: iso(start),
        end: iso(end),
        minutes: (end - start) / minuteMs,
      })),
      skipped: this.skipped.map(({ start, end, reason, name }) => ({
        start: iso(start),
        end: iso(end),
        reason,
        ...(name === undefined ? {} : { name }),
      })),
    }
  }
}

/**
 * Adds business minutes to a start time: the due time of an SLA target.
 *
 * - Counts only open calendar time outside pauses; the explanation says what counted and why the
 *   rest did not (`outside_hours`, `weekend`, `holiday` with its name, `paused` with its reason).
 * - `minutes: 0` answers the first countable instant: the start itself when the minute starting
 *   there is open and not paused, else the next opening.
 * - For `minutes > 0` the due time is the end of the last counted minute, so a target that runs
 *   out exactly at closing time is due at closing time, not at the next opening.
 * - An open-ended pause that begins before the minutes are used up stops the clock: `dueAt` is
 *   null and `remainingMinutes` says what is left.
 *
 * @throws RangeError for an invalid date or a minutes value that is not a whole number ≥ 0
 * @throws CalendarNeverOpenError when the calendar has no opening hours at all
 * @throws BusinessTimeHorizonError when the minutes do not fit within {@link searchHorizonDays} days
 */
export function addBusinessMinutes(input: AddBusinessMinutesInput): AddBusinessMinutesResult {
  if (!Number.isSafeInteger(input.minutes) || input.minutes < 0) {
    throw new RangeError(`minutes must be a whole number ≥ 0, got ${input.minutes}`)
  }
  const origin = instantOf(input.start, 'start')
  if (!hasAnyOpeningHours(input.calendar)) throw new CalendarNeverOpenError(input.calendar.id)
  const pauses = pauseSpansOf(input.pauses ?? [])
  const lastPause = pauses.at(-1)
  const clockStopsAt = lastPause && lastPause.end === Number.POSITIVE_INFINITY ? lastPause.start : Infinity

  const timeline = timelineOf(input.calendar, origin, pauses)
  const explanation = new ExplanationBuilder()
  let remaining = input.minutes * minuteMs
  const result = (dueAt: number | null): AddBusinessMinutesResult => ({
    dueAt: dueAt === null ? null : new Date(dueAt),
    remainingMinutes: remaining / minuteMs,
    pausedSince: dueAt === null ? new Date(clockStopsAt) : null,
    explanation: explanation.build(),
  })

  for (;;) {
    const piece = timeline.next()
    if (piece.start >= clockStopsAt) return result(null)
    if (piece.start - origin > horizonMs) {
      throw new BusinessTimeHorizonError(
        `${input.minutes} business minutes from ${iso(origin)} do not fit within ${searchHorizonDays} days on calendar ${input.calendar.id}.`,
      )
    }
    if (piece.state !== 'open') {
      explanation.skip(piece.start, Math.min(piece.end, clockStopsAt), piece.state, piece.name)
      continue
    }
    if (remaining === 0) return result(piece.start)
    const end = Math.min(piece.end, piece.start + remaining)
    explanation.count(piece.start, end)
    remaining -= end - piece.start
    if (remaining === 0) return result(end)
  }
}

/**
 * Business minutes elapsed from `from` to `to` (a case's `businessMinutesElapsed`), with the same
 * rules as {@link addBusinessMinutes}: open calendar time outside pauses, on the whole-minute grid,
 * so `businessMinutesBetween(start, addBusinessMinutes(start, m).dueAt) === m`. Zero when `to` is
 * not after `from`. Cost grows with the days between the two instants.
 */
export function businessMinutesBetween(input: {
  from: Date
  to: Date
  calendar: Calendar
  pauses?: readonly Pause[] | undefined
}): number {
  const from = instantOf(input.from, 'from')
  const to = instantOf(input.to, 'to')
  if (to <= from) return 0
  const timeline = timelineOf(input.calendar, from, pauseSpansOf(input.pauses ?? []))
  let elapsed = 0
  for (let piece = timeline.next(); piece.start < to; piece = timeline.next()) {
    if (piece.state === 'open') elapsed += Math.min(piece.end, to) - piece.start
  }
  return elapsed / minuteMs
}

/** The calendar's open stretches between two instants (clipped to them, neighbours merged); no pauses. */
export function openIntervals(calendar: Calendar, from: Date, to: Date): Array<{ start: Date; end: Date }> {
  const start = instantOf(from, 'from')
  const end = instantOf(to, 'to')
  const intervals: Array<{ start: number; end: number }> = []
  if (end <= start) return []
  const timeline = timelineOf(calendar, start)
  for (let piece = timeline.next(); piece.start < end; piece = timeline.next()) {
    if (piece.state !== 'open') continue
    const last = intervals.at(-1)
    const pieceEnd = Math.min(piece.end, end)
    if (last && last.end === piece.start) last.end = pieceEnd
    else intervals.push({ start: piece.start, end: pieceEnd })
  }
  return intervals.map((interval) => ({ start: new Date(interval.start), end: new Date(interval.end) }))
}
