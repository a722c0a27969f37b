import {
  type BusinessCalendar,
  type Calendar,
  type DayHours,
  isUnionCalendar,
  minutesOfDay,
  weekdays,
} from './calendar.ts'
import { addCivilDays, type CivilDate, civilDateKey, civilWeekday } from './civil-date.ts'
import { CalendarNeverOpenError } from './errors.ts'
import { type HolidayClosure, type HolidaySource, holidayClosuresOn } from './holidays.ts'
import { civilDateAtOffset, midnightAtOffset, offsetAt, startOfDate } from './zone-clock.ts'

/**
 * The engine's inner loop: a calendar (plus pauses) as an endless sequence of pieces of time,
 * each open or closed for a reason. business-time.ts consumes it; nothing else should need to.
 * All instants are epoch milliseconds; pieces are half-open [start, end).
 */

export type ClosedReason = 'outside_hours' | 'weekend' | 'holiday' | 'paused'
export type PieceState = 'open' | ClosedReason
export type Piece = { start: number; end: number; state: PieceState; name?: string | undefined }

/** Contiguous, non-empty pieces, forever: the first starts where the timeline was asked to start. */
export interface Timeline {
  next(): Piece
}

/** A pause of the SLA clock, already on the minute grid; `end` is Infinity while it lasts. */
export type PauseSpan = { start: number; end: number; name?: string | undefined }

const minuteMs = 60_000
const minutesPerDay = 1440

/** Wall-clock minutes of one local date, [from, to). */
type Span = { from: number; to: number }
type WallSegment = Span & { state: Exclude<PieceState, 'paused'>; name?: string | undefined }

type CompiledCalendar = {
  /** The IANA time zone name. */
  zone: string
  /** Index 0 is Monday. */
  weekly: Span[][]
  extraOpen: Map<string, { hours: Span[] | undefined }>
  extraClosed: Map<string, string>
  holidays: HolidaySource | undefined
}

function toSpans(hours: DayHours): Span[] {
  const spans = hours
    .map((interval) => ({ from: minutesOfDay(interval.start), to: minutesOfDay(interval.end) }))
    .sort((a, b) => a.from - b.from)
  const merged: Span[] = []
  for (const span of spans) {
    const last = merged.at(-1)
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to)
    else merged.push({ ...span })
  }
  return merged
}

/**
 * Compiled calendars by calendar object. The settings cache hands out the same object for a minute
 * (src/adapters/dynamodb/sla-settings-repository.ts), so a list page's SLA readings compile their
 * calendar once, not once per case (docs/performance.md). Compiled calendars are never changed.
 */
const compiledCalendars = new WeakMap<BusinessCalendar, CompiledCalendar>()

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const cached = compiledCalendars.get(calendar)
  if (cached) return cached
  const compiled = compileAnew(calendar)
  compiledCalendars.set(calendar, compiled)
  return compiled
}

function compileAnew(calendar: BusinessCalendar): CompiledCalendar {
  return {
    zone: calendar.timeZone,
    weekly: weekdays.map((weekday) => toSpans(calendar.weeklyHours[weekday])),
    extraOpen: new Map(
      calendar.extraOpenDates.map((extra) => [extra.date, { hours: extra.hours && toSpans(extra.hours) }]),
    ),
    extraClosed: new Map(calendar.extraClosedDates.map((extra) => [extra.date, extra.name])),
    holidays: calendar.holidays,
  }
}

/** Whether a calendar has any hours at all (weekly, or on an extra open date). */
export function hasAnyOpeningHours(calendar: Calendar): boolean {
  if (isUnionCalendar(calendar)) return calendar.unionOf.some(hasAnyOpeningHours)
  return (
    weekdays.some((weekday) => calendar.weeklyHours[weekday].length > 0) ||
    calendar.extraOpenDates.some((extra) => (extra.hours?.length ?? 0) > 0)
  )
}

const uniqueNames = (names: readonly (string | undefined)[]) =>
  [...new Set(names.filter((name) => name !== undefined))].join(' / ') || undefined

/** Tiles a local date's [0, 1440) into open, outside-hours, weekend and holiday wall-clock segments. */
function tileDay(hours: readonly Span[], closures: readonly HolidayClosure[]): WallSegment[] {
  if (hours.length === 0) return [{ from: 0, to: minutesPerDay, state: 'weekend' }]
  // A holiday only counts where it takes hours away: on a Saturday it is simply the weekend.
  const effective = closures.filter((closure) =>
    hours.some((span) => span.from < closure.toMinute && closure.fromMinute < span.to),
  )
  const cuts = new Set([0, minutesPerDay])
  for (const span of hours) cuts.add(span.from).add(span.to)
  for (const closure of effective) cuts.add(closure.fromMinute).add(closure.toMinute)
  const points = [...cuts].sort((a, b) => a - b)

  const segments: WallSegment[] = []
  for (let index = 0; index + 1 < points.length; index++) {
    const from = points[index] as number
    const to = points[index + 1] as number
    const holidays = effective.filter((closure) => closure.fromMinute <= from && from < closure.toMinute)
    const segment: WallSegment =
      holidays.length > 0
        ? { from, to, state: 'holiday', name: uniqueNames(holidays.map((closure) => closure.name)) }
        : {
            from,
            to,
            state: hours.some((span) => span.from <= from && from < span.to) ? 'open' : 'outside_hours',
          }
    const last = segments.at(-1)
    if (last && last.state === segment.state && last.name === segment.name) last.to = to
    else segments.push(segment)
  }
  return segments
}

/**
 * One local date in wall-clock terms. Precedence: an extra open date beats everything; then an
 * extra closed date; then public holidays; then the weekday's hours. `MM-DD` entries apply every
 * year; a `YYYY-MM-DD` entry for the same day wins over them.
 */
function classifyDay(calendar: CompiledCalendar, date: CivilDate): WallSegment[] {
  const key = civilDateKey(date)
  const everyYearKey = key.slice(5)
  const weekdayHours = calendar.weekly[civilWeekday(date) - 1] ?? []
  const extraOpen = calendar.extraOpen.get(key) ?? calendar.extraOpen.get(everyYearKey)
  if (extraOpen) return tileDay(extraOpen.hours ?? weekdayHours, [])
  const closedName = calendar.extraClosed.get(key) ?? calendar.extraClosed.get(everyYearKey)
  if (closedName !== undefined) {
    return tileDay(weekdayHours, [{ fromMinute: 0, toMinute: minutesPerDay, name: closedName }])
  }
  return tileDay(weekdayHours, calendar.holidays ? holidayClosuresOn(calendar.holidays, date) : [])
}

/**
 * Where a local date lies in real time: its bounds and, per stretch of constant UTC offset, the
 * instant its wall clock would read 00:00 at that offset. Within a stretch, wall-clock minutes are
 * real minutes after that midnight.
 */
type DayFrame = {
  start: number
  end: number
  stretches: Array<{ start: number; end: number; midnight: number }>
}
type LocalDateStart = { instant: number; offset: number; atMidnight: boolean }

// Both caches depend only on the zone and the date, never on a calendar, so they are safe to share.
// Zone conversions (Intl, see zone-clock.ts) are the engine's main cost; with these caches a warm call
// costs microseconds a day.
const maxCacheEntries = 50_000
const dateStarts = new Map<string, LocalDateStart>()
const dayFrames = new Map<string, DayFrame>()

/** The last UTC offset looked up per zone: the first guess for the date of the next instant. */
const lastOffsets = new Map<string, number>()

/**
 * The local date whose frame holds `instant`. Guessed with the zone's last offset seen and
 * confirmed by that date's frame when it is already known (frames tile time, so a frame that holds
 * the instant is its date's); otherwise one offset lookup. A list page reads the SLA of many cases
 * filed on the same few days: they are found without asking Intl (docs/performance.md).
 */
function localDateHolding(zone: string, instant: number): CivilDate {
  const guessOffset = lastOffsets.get(zone)
  if (guessOffset !== undefined) {
    const guess = civilDateAtOffset(instant, guessOffset)
    const frame = dayFrames.get(`${zone}|${civilDateKey(guess)}`)
    if (frame && frame.start <= instant && instant < frame.end) return guess
  }
  const offset = offsetAt(zone, instant)
  lastOffsets.set(zone, offset)
  return civilDateAtOffset(instant, offset)
}

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= maxCacheEntries) cache.clear()
  cache.set(key, value)
  return value
}

/**
 * When a local date begins: at its first instant, so each date's frame ends where the next begins
 * and no instant falls between them. A midnight that DST skips resolves to the moment of the
 * switch; where midnight repeats, the earlier one starts the date, which then lasts 25 hours and
 * has two stretches, each with its own midnight (zone-clock.ts, dayFrameOf).
 */
function startOfLocalDate(zone: string, date: CivilDate): LocalDateStart {
  const key = `${zone}|${civilDateKey(date)}`
  const cached = dateStarts.get(key)
  if (cached) return cached
  return remember(dateStarts, key, startOfDate(zone, date))
}

/**
 * Finds a local day's DST switch, if any. Offsets come from zone-clock.ts; the switch is found by
 * bisection on whole minutes (every real zone switches on a minute boundary, and at most once a day).
 */
function switchWithin(zone: string, start: number, end: number): { at: number; offset: number } | undefined {
  const first = offsetAt(zone, start)
  const last = offsetAt(zone, end - minuteMs)
  if (first === last) return undefined
  let same = 0
  let different = (end - start) / minuteMs - 1
  while (different - same > 1) {
    const middle = Math.floor((same + different) / 2)
    if (offsetAt(zone, start + middle * minuteMs) === first) same = middle
    else different = middle
  }
  return { at: start + different * minuteMs, offset: last }
}

function dayFrameOf(zone: string, date: CivilDate): DayFrame {
  const key = `${zone}|${civilDateKey(date)}`
  const cached = dayFrames.get(key)
  if (cached) return cached
  const start = startOfLocalDate(zone, date)
  const next = startOfLocalDate(zone, addCivilDays(date, 1))
  const end = next.instant
  const firstMidnight = start.atMidnight ? start.instant : midnightAtOffset(date, start.offset)
  // Equal offsets at both ends: no switch inside the day (no zone switches twice in one day).
  const dstSwitch = start.offset === next.offset ? undefined : switchWithin(zone, start.instant, end)
  const stretches = dstSwitch
    ? [
        { start: start.instant, end: dstSwitch.at, midnight: firstMidnight },
        { start: dstSwitch.at, end, midnight: midnightAtOffset(date, dstSwitch.offset) },
      ]
    : [{ start: start.instant, end, midnight: firstMidnight }]
  return remember(dayFrames, key, { start: start.instant, end, stretches })
}

function appendPiece(pieces: Piece[], piece: Piece) {
  const last = pieces.at(-1)
  if (last && last.end === piece.start && last.state === piece.state && last.name === piece.name)
    last.end = piece.end
  else pieces.push(piece)
}

const shifted = (segments: readonly WallSegment[], minutes: number): WallSegment[] =>
  segments.map((segment) => ({ ...segment, from: segment.from + minutes, to: segment.to + minutes }))

/**
 * A local date's pieces. An instant is open when the wall clock at that instant shows a time inside
 * the day's hours, so a 23-hour spring day loses the skipped hour and a 25-hour autumn day counts
 * the repeated hour twice. Where a switch turns the clock back across midnight (St John's fell
 * back from 00:01 to 23:01 the day before until 2010), part of a stretch shows the wall clock of the
 * neighbouring date; those minutes follow that date's hours, so no instant is left out.
 */
function piecesOfDay(calendar: CompiledCalendar, date: CivilDate, frame: DayFrame): Piece[] {
  const ownSegments = classifyDay(calendar, date)
  const pieces: Piece[] = []
  for (const stretch of frame.stretches) {
    const segments = [
      ...(stretch.start < stretch.midnight
        ? shifted(classifyDay(calendar, addCivilDays(date, -1)), -minutesPerDay)
        : []),
      ...ownSegments,
      ...(stretch.end > stretch.midnight + minutesPerDay * minuteMs
        ? shifted(classifyDay(calendar, addCivilDays(date, 1)), minutesPerDay)
        : []),
    ]
    for (const segment of segments) {
      const start = Math.max(stretch.start, stretch.midnight + segment.from * minuteMs)
      const end = Math.min(stretch.end, stretch.midnight + segment.to * minuteMs)
      if (end > start) appendPiece(pieces, { start, end, state: segment.state, name: segment.name })
    }
  }
  return pieces
}

/** One desk, walked local day by local day. */
class SingleCalendarTimeline implements Timeline {
  private pieces: Piece[] = []
  private index = 0
  private date: CivilDate

  constructor(
    private readonly calendar: CompiledCalendar,
    from: number,
  ) {
    let date = localDateHolding(calendar.zone, from)
    // A date begins at its first instant (zone-clock.ts), so `from` normally lies in the frame of its
    // own date and this loop does not turn. It guards one case startOfDate leaves to Luxon's rule: a
    // switch that jumps across midnight without landing on it (23:30 → 00:30, as Toronto's in 1919;
    // none in tzdb since 1935) begins the date at 00:00 of the old offset, after the switch, and the
    // instants before that belong to the day before.
    while (startOfLocalDate(calendar.zone, date).instant > from) date = addCivilDays(date, -1)
    this.date = date
    this.skipTo(from)
  }

  next(): Piece {
    let piece = this.pieces[this.index]
    while (!piece) {
      this.loadNextDay()
      piece = this.pieces[this.index]
    }
    this.index++
    return piece
  }

  private skipTo(from: number) {
    for (;;) {
      this.loadNextDay()
      while ((this.pieces[this.index]?.end ?? Infinity) <= from) this.index++
      const piece = this.pieces[this.index]
      if (piece) {
        piece.start = Math.max(piece.start, from)
        return
      }
    }
  }

  private loadNextDay() {
    this.pieces = piecesOfDay(this.calendar, this.date, dayFrameOf(this.calendar.zone, this.date))
    this.index = 0
    this.date = addCivilDays(this.date, 1)
  }
}

/**
 * Closed time of a union: an office's ordinary closing beats a weekend, which beats a holiday; the
 * union is on "holiday" only when every member is, and then names all their holidays.
 */
function combineClosed(pieces: readonly Piece[]): Pick<Piece, 'state' | 'name'> {
  if (pieces.some((piece) => piece.state === 'open')) return { state: 'open' }
  if (pieces.some((piece) => piece.state === 'outside_hours')) return { state: 'outside_hours' }
  if (pieces.some((piece) => piece.state === 'weekend')) return { state: 'weekend' }
  return { state: 'holiday', name: uniqueNames(pieces.map((piece) => piece.name)) }
}

/** Follow-the-sun: open whenever any member is open. Sweeps the members' pieces in step. */
class UnionTimeline implements Timeline {
  private readonly current: Piece[]

  constructor(
    private readonly members: readonly Timeline[],
    private at: number,
  ) {
    this.current = members.map((member) => member.next())
  }

  next(): Piece {
    const end = Math.min(...this.current.map((piece) => piece.end))
    const piece: Piece = { start: this.at, end, ...combineClosed(this.current) }
    this.current.forEach((member, index) => {
      if (member.end === end) this.current[index] = (this.members[index] as Timeline).next()
    })
    this.at = end
    return piece
  }
}

/** Turns the open parts of pieces that fall inside a pause into `paused` pieces. */
class PausedTimeline implements Timeline {
  private pending: Piece | undefined
  private index = 0

  constructor(
    private readonly inner: Timeline,
    private readonly pauses: readonly PauseSpan[],
  ) {}

  next(): Piece {
    const piece = this.pending ?? this.inner.next()
    this.pending = undefined
    if (piece.state !== 'open') return piece
    while ((this.pauses[this.index]?.end ?? Infinity) <= piece.start) this.index++
    const pause = this.pauses[this.index]
    if (!pause || pause.start >= piece.end) return piece
    if (pause.start > piece.start) {
      this.pending = { ...piece, start: pause.start }
      return { ...piece, end: pause.start }
    }
    const end = Math.min(pause.end, piece.end)
    if (end < piece.end) this.pending = { ...piece, start: end }
    return { start: piece.start, end, state: 'paused', name: pause.name }
  }
}

/** Sorts pauses and merges the overlapping ones, so the pause layer can walk them once. */
export function mergePauses(pauses: readonly PauseSpan[]): PauseSpan[] {
  const sorted = pauses.filter((pause) => pause.end > pause.start).sort((a, b) => a.start - b.start)
  const merged: PauseSpan[] = []
  for (const pause of sorted) {
    const last = merged.at(-1)
    if (last && pause.start <= last.end) {
      last.end = Math.max(last.end, pause.end)
      last.name = uniqueNames([last.name, pause.name])
    } else merged.push({ ...pause })
  }
  return merged
}

/** The timeline of a calendar from `from` on, with `pauses` (merged, see mergePauses) applied. */
export function timelineOf(calendar: Calendar, from: number, pauses: readonly PauseSpan[] = []): Timeline {
  const members = isUnionCalendar(calendar) ? calendar.unionOf : [calendar]
  const timelines = members.map((member) => new SingleCalendarTimeline(compile(member), from))
  const [only] = timelines
  if (!only) throw new CalendarNeverOpenError(calendar.id)
  const base = timelines.length === 1 ? only : new UnionTimeline(timelines, from)
  return pauses.length > 0 ? new PausedTimeline(base, pauses) : base
}
