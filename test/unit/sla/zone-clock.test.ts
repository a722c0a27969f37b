import { DateTime, FixedOffsetZone, IANAZone, Settings } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CivilDate } from '#src/domain/sla/civil-date.ts'
import { civilDateAt, midnightAtOffset, offsetAt, startOfDate } from '#src/domain/sla/zone-clock.ts'

/**
 * zone-clock.ts took over the SLA engine's zone arithmetic from Luxon (docs/performance.md: Luxon
 * cost every deadline-computing function 70 KB). Luxon stays installed for the local runtime, so
 * it serves here as the oracle: every local date from 1995 to 2040, in zones picked for their odd
 * switches, must begin at the instant, offset and wall-clock reading Luxon gives it, and offsets
 * and local dates must agree at every switch's minute and at the bounds of the dates around it.
 *
 * Luxon starts its search from the zone's offset *now* (`Settings.now`), and where midnight repeats
 * (Havana, Gaza, the Azores) that guess decides which midnight it returns: the earlier one in
 * northern summer, the later in winter. The engine always takes the earlier one (a date begins
 * at the first instant that shows it), so Luxon's clock is pinned to July here. So that the
 * comparison does not rest on the pin alone, every date next to a switch is also checked against
 * Luxon's offsets directly: the local date at its start is that date (or, for a date the clocks
 * skip, a later one) and a millisecond earlier an earlier one. `DateTime.local` is `fromObject`'s
 * fast path: the same resolution from the same guess, at half the cost.
 */

const zones = [
  'Europe/Vienna',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo', // DST switched at midnight until 2019: skipped midnights
  'America/Santiago', // switches at midnight (24:00 → 23:00 in autumn), rules changed often
  'America/Havana', // falls back from 01:00 to 00:00: midnight repeats
  'Asia/Gaza', // midnight skipped and repeated, rules changed most years
  'Atlantic/Azores', // falls back from 01:00 to 00:00 every autumn
  'Africa/Casablanca', // DST suspended for Ramadan; since 2018 +01, and +00 during Ramadan
  'Australia/Lord_Howe', // 30-minute DST
  'Pacific/Apia', // skipped 30 December 2011 entirely (−10 → +14)
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Kolkata', // +05:30, no DST
  'UTC',
] as const

const minuteMs = 60_000
const halfHourMs = 30 * minuteMs
const dayMs = 86_400_000
const firstDay = Date.UTC(1995, 0, 1)
const lastDay = Date.UTC(2040, 11, 31)

/** A July instant: Havana, Gaza and the Azores are on summer time, so Luxon takes their earlier midnight. */
const luxonNow = Date.UTC(2026, 6, 15)

/**
 * The two dates where Luxon is wrong, not different: Apia was UTC−11/−10 in 2011 and is +13 now,
 * so Luxon's guess is a day off, and on these DST-switch dates its single correction lands on the
 * wrong side of the switch. Midnight exists on both (checked below with Luxon's own offsets);
 * Luxon's answer reads 01:00 instead.
 */
const luxonMisses = [
  ['Pacific/Apia', Date.UTC(2011, 3, 3)],
  ['Pacific/Apia', Date.UTC(2011, 8, 25)],
] as const

type Start = { instant: number; offset: number; atMidnight: boolean }

const civilDateOf = (utcMidnight: number): CivilDate => {
  const utc = new Date(utcMidnight)
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() }
}

const keyOf = (zone: string, date: CivilDate) =>
  `${zone} ${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`

function luxonStart(zone: IANAZone, date: CivilDate): Start {
  const local = DateTime.local(date.year, date.month, date.day, { zone })
  return {
    instant: local.toMillis(),
    offset: local.offset,
    atMidnight: local.hour === 0 && local.minute === 0,
  }
}

/**
 * Whether `date` begins at `instant` by Luxon's offsets alone: the first instant whose local date is
 * not before `date`. (A date the clocks skip, Apia's 30 December 2011, begins where the next does.)
 */
function beginsAt(zone: IANAZone, date: CivilDate, instant: number): boolean {
  const name = zone.name
  return (
    keyOf(name, luxonAt(zone, instant).date) >= keyOf(name, date) &&
    keyOf(name, luxonAt(zone, instant - 1).date) < keyOf(name, date)
  )
}

/** What Luxon says about one instant: the offset and the local date. */
function luxonAt(zone: IANAZone, instant: number) {
  const local = DateTime.fromMillis(instant, { zone })
  return { offset: local.offset, date: { year: local.year, month: local.month, day: local.day } }
}

function ourAt(zone: string, instant: number) {
  return { offset: offsetAt(zone, instant), date: civilDateAt(zone, instant) }
}

/** The first minute in (from, to] at which Luxon's offset differs from the one at `from`. */
function luxonSwitch(zone: IANAZone, from: number, to: number): number {
  const before = zone.offset(from)
  let same = from
  let changed = Math.ceil(to / minuteMs) * minuteMs
  while (changed - same > minuteMs) {
    const middle = Math.floor((same + changed) / 2 / minuteMs) * minuteMs
    if (zone.offset(middle) === before) same = middle
    else changed = middle
  }
  return changed
}

describe('zone-clock against Luxon', () => {
  const realNow = Settings.now

  beforeAll(() => {
    Settings.now = () => luxonNow
    Settings.resetCaches()
  })

  afterAll(() => {
    Settings.now = realNow
    Settings.resetCaches()
  })

  it.each(zones)('%s: every date from 1995 to 2040 begins where Luxon says; the switches agree', (name) => {
    // Arrange
    const zone = IANAZone.create(name)
    const mismatches: string[] = []
    const compareAt = (instant: number, what: string) => {
      const theirs = luxonAt(zone, instant)
      const ours = ourAt(name, instant)
      if (ours.offset !== theirs.offset || keyOf(name, ours.date) !== keyOf(name, theirs.date)) {
        mismatches.push(
          `${name} ${what} ${new Date(instant).toISOString()}: ${JSON.stringify({ ours, theirs })}`,
        )
      }
    }
    const misses = new Set(luxonMisses.filter(([missZone]) => missZone === name).map(([, day]) => day))
    let dates = 0
    let switches = 0
    let previous: Start | undefined
    let previousDate: CivilDate | undefined

    // Act
    for (let day = firstDay; day <= lastDay; day += dayMs) {
      const date = civilDateOf(day)
      const expected = luxonStart(zone, date)
      const actual = startOfDate(name, date)
      dates++
      if (
        actual.instant !== expected.instant ||
        actual.offset !== expected.offset ||
        actual.atMidnight !== expected.atMidnight
      ) {
        const key = keyOf(name, date)
        // Luxon's own offsets show that ours is the date's real 00:00, and Luxon's answer is not.
        const knownMiss =
          misses.has(day) &&
          actual.atMidnight &&
          zone.offset(actual.instant) === actual.offset &&
          !expected.atMidnight
        if (!knownMiss) mismatches.push(`${key}: ${JSON.stringify({ actual, expected })}`)
      } else if (misses.has(day)) {
        mismatches.push(`${keyOf(name, date)} agrees with Luxon now: take it off luxonMisses`)
      }

      // Where the offset changed since the day before began: the minute it changed, found on
      // Luxon's offsets, and the bounds of the date, on both sides.
      if (previous && previousDate && previous.offset !== expected.offset) {
        switches++
        // Both dates begin at their first instant, whichever midnight Luxon's guess picked.
        for (const [which, start] of [
          [previousDate, previous],
          [date, actual],
        ] as const) {
          if (!beginsAt(zone, which, start.instant)) {
            mismatches.push(
              `${keyOf(name, which)} does not begin at ${new Date(start.instant).toISOString()}`,
            )
          }
        }
        const at = luxonSwitch(zone, previous.instant, expected.instant + 1)
        compareAt(at - minuteMs, 'the minute before the switch')
        compareAt(at, 'the switch')
        compareAt(expected.instant - 1, 'the last millisecond of the day before')
        compareAt(expected.instant, 'the first millisecond of the date')
      } else if (date.day === 1) {
        compareAt(expected.instant - 1, 'the last millisecond of the day before')
        compareAt(expected.instant + dayMs / 2, 'noon-ish')
      }
      previous = expected
      previousDate = date
    }

    // Assert
    expect(mismatches).toEqual([])
    expect(dates).toBe(16_802)
    expect(switches > 0).toBe(name !== 'UTC' && name !== 'Asia/Kolkata')
  })

  it('agrees on every half-hour instant across some nasty switches, offsets and local dates', () => {
    // Arrange: [zone, a UTC instant near the switch]
    const switches: Array<[string, string]> = [
      ['Pacific/Apia', '2011-12-30T10:00Z'], // 29 December 24:00 −10 → 31 December 00:00 +14
      ['Australia/Lord_Howe', '2026-04-04T15:00Z'], // back 30 minutes
      ['Australia/Lord_Howe', '2026-10-03T15:30Z'], // forward 30 minutes
      ['Pacific/Chatham', '2026-04-04T14:00Z'], // 03:45 → 02:45
      ['America/Havana', '2026-11-01T05:00Z'], // 01:00 → 00:00
      ['America/Sao_Paulo', '2018-11-04T03:00Z'], // 00:00 → 01:00
      ['America/Santiago', '2026-04-05T03:00Z'], // 24:00 → 23:00
      ['Africa/Casablanca', '2026-02-15T02:00Z'], // Ramadan: 03:00 → 02:00
      ['Europe/London', '2026-03-29T01:00Z'],
    ]
    const mismatches: string[] = []
    let compared = 0

    // Act: two days either side, every half hour
    for (const [name, at] of switches) {
      const zone = IANAZone.create(name)
      const around = Date.parse(at)
      for (let instant = around - 2 * dayMs; instant <= around + 2 * dayMs; instant += halfHourMs) {
        const theirs = luxonAt(zone, instant)
        const ours = ourAt(name, instant)
        compared++
        if (ours.offset !== theirs.offset || keyOf(name, ours.date) !== keyOf(name, theirs.date)) {
          mismatches.push(
            `${name} at ${new Date(instant).toISOString()}: ${JSON.stringify({ ours, theirs })}`,
          )
        }
      }
    }

    // Assert
    expect(mismatches).toEqual([])
    expect(compared).toBe(switches.length * 193)
  })

  it.each([
    // [zone, date, the first 00:00, the second 00:00, the offsets (minutes) at each]
    ['America/Havana', '2026-11-01', '2026-11-01T04:00Z', '2026-11-01T05:00Z', -240, -300],
    ['Asia/Gaza', '2021-10-29', '2021-10-28T21:00Z', '2021-10-28T22:00Z', 180, 120],
    ['Atlantic/Azores', '2026-10-25', '2026-10-25T00:00Z', '2026-10-25T01:00Z', 0, -60],
  ] as const)(
    'takes the earlier midnight where midnight repeats, whatever the season (%s, %s)',
    (name, day, first, second, summer, winter) => {
      // Arrange: the clocks fall back from 01:00 to 00:00, so 00:00 happens twice
      const zone = IANAZone.create(name)
      const [year, month, date] = day.split('-').map(Number) as [number, number, number]

      // Act
      const start = startOfDate(name, { year, month, day: date })

      // Assert: by Luxon's zone data the wall clock reads 00:00 at both; ours is the earlier one
      const wallClock = (instant: string) => {
        const local = DateTime.fromMillis(Date.parse(instant), { zone })
        return { wall: local.toFormat('yyyy-MM-dd HH:mm'), offset: local.offset }
      }
      expect(wallClock(first)).toEqual({ wall: `${day} 00:00`, offset: summer })
      expect(wallClock(second)).toEqual({ wall: `${day} 00:00`, offset: winter })
      expect(start).toEqual({ instant: Date.parse(first), offset: summer, atMidnight: true })
    },
  )

  it('puts midnight at a fixed offset where Luxon does', () => {
    // Arrange
    const offsets = [-720, -570, -300, 0, 330, 345, 765, 840]
    const date = { year: 2024, month: 2, day: 29 }

    // Act / Assert
    for (const offset of offsets) {
      const luxon = DateTime.fromObject(date, { zone: FixedOffsetZone.instance(offset) })
      expect(midnightAtOffset(date, offset)).toBe(luxon.toMillis())
    }
  })
})
