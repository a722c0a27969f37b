import { describe, expect, it } from 'vitest'
import {
  BusinessCalendar,
  Calendar,
  followTheSunCalendar,
  UnionCalendar,
  viennaCalendar,
} from '#src/domain/sla/calendar.ts'
import { aCalendar, closedWeek, everyDay } from './calendar-fixtures.ts'

const issuePaths = (input: unknown) =>
  (BusinessCalendar.safeParse(input).error?.issues ?? []).map((issue) => issue.path.join('/'))

describe('BusinessCalendar', () => {
  it('accepts the seeded calendars as they are stored', () => {
    // Arrange / Act
    const vienna = BusinessCalendar.safeParse(viennaCalendar)
    const followTheSun = UnionCalendar.safeParse(followTheSunCalendar)

    // Assert
    expect(vienna.error).toBeUndefined()
    expect(vienna.data).toEqual(viennaCalendar)
    expect(followTheSun.error).toBeUndefined()
  })

  it('observes only public holidays unless told otherwise, and defaults the extra dates to none', () => {
    // Arrange
    const {
      extraClosedDates: _closed,
      extraOpenDates: _open,
      ...input
    } = aCalendar({ holidays: { country: 'AT', types: ['public'] } })
    const withoutTypes = { ...input, holidays: { country: 'AT' } }

    // Act
    const parsed = BusinessCalendar.parse(withoutTypes)

    // Assert
    expect(parsed.holidays).toEqual({ country: 'AT', types: ['public'] })
    expect(parsed.extraClosedDates).toEqual([])
    expect(parsed.extraOpenDates).toEqual([])
  })

  it('refuses a time zone that is not an IANA zone', () => {
    expect(issuePaths(aCalendar({ timeZone: 'Vienna/Europe' }))).toEqual(['timeZone'])
  })

  it.each([
    ['end before start', [{ start: '17:00', end: '08:00' }], 'weeklyHours/mon/0/end'],
    ['an empty interval', [{ start: '08:00', end: '08:00' }], 'weeklyHours/mon/0/end'],
    ['24:00 as a start', [{ start: '24:00', end: '24:00' }], 'weeklyHours/mon/0/start'],
    ['a time that is not HH:mm', [{ start: '8:00', end: '17:00' }], 'weeklyHours/mon/0/start'],
    [
      'overlapping intervals',
      [
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ],
      'weeklyHours/mon/1',
    ],
  ])('refuses %s', (_case, mon, path) => {
    expect(issuePaths(aCalendar({ weeklyHours: { ...closedWeek, mon } }))).toEqual([path])
  })

  it('accepts several touching intervals a day, in any order, and 24:00 as an end', () => {
    // Arrange
    const mon = [
      { start: '13:00', end: '24:00' },
      { start: '00:00', end: '12:00' },
      { start: '12:00', end: '13:00' },
    ]

    // Act / Assert
    expect(issuePaths(aCalendar({ weeklyHours: { ...closedWeek, mon } }))).toEqual([])
  })

  it('refuses unknown fields (strict objects)', () => {
    expect(issuePaths({ ...aCalendar(), openOnSundays: true })).toEqual([''])
  })

  it('takes MM-DD for every year and YYYY-MM-DD for one date, and refuses dates that do not exist', () => {
    // Arrange
    const valid = aCalendar({
      extraClosedDates: [
        { date: '12-24', name: 'Heiliger Abend' },
        { date: '02-29', name: 'Leap day' },
        { date: '2027-05-07', name: 'Betriebsausflug' },
      ],
    })
    const invalid = aCalendar({
      extraClosedDates: [
        { date: '02-30', name: 'Nope' },
        { date: '2026-02-29', name: 'Not a leap year' },
        { date: '24.12.', name: 'German notation' },
      ],
    })

    // Act / Assert
    expect(issuePaths(valid)).toEqual([])
    expect(issuePaths(invalid)).toEqual([
      'extraClosedDates/0/date',
      'extraClosedDates/1/date',
      'extraClosedDates/2/date',
    ])
  })

  it('refuses a date listed twice or both open and closed', () => {
    // Arrange
    const calendar = aCalendar({
      extraClosedDates: [
        { date: '12-24', name: 'Heiliger Abend' },
        { date: '12-24', name: 'Again' },
      ],
      extraOpenDates: [{ date: '12-24', name: 'Open after all' }],
    })

    // Act / Assert
    expect(issuePaths(calendar)).toEqual(['extraClosedDates/1/date', 'extraOpenDates/0/date'])
  })

  it('asks for hours when an extra open date falls on a weekday without regular hours', () => {
    // Arrange: 2026-12-19 is a Saturday
    const weeklyHours = { ...everyDay([{ start: '08:00', end: '17:00' }]), sat: [], sun: [] }
    const withoutHours = aCalendar({
      weeklyHours,
      extraOpenDates: [{ date: '2026-12-19', name: 'Inventur' }],
    })
    const withHours = aCalendar({
      weeklyHours,
      extraOpenDates: [{ date: '2026-12-19', name: 'Inventur', hours: [{ start: '09:00', end: '12:00' }] }],
    })

    // Act / Assert
    expect(issuePaths(withoutHours)).toEqual(['extraOpenDates/0/hours'])
    expect(issuePaths(withHours)).toEqual([])
  })

  it('refuses a calendar that is never open', () => {
    expect(issuePaths(aCalendar({ weeklyHours: closedWeek }))).toEqual(['weeklyHours'])
  })

  it.each([
    ['an unknown country', { country: 'XX' }],
    ['an unknown region', { country: 'AT', region: 'Wien' }],
    ['a type date-holidays does not have', { country: 'AT', types: ['religious'] }],
  ])('refuses holidays of %s', (_case, holidays) => {
    expect(issuePaths({ ...aCalendar(), holidays })[0]).toMatch(/^holidays/)
  })

  it('accepts a known region (Vienna is state 9 of Austria)', () => {
    expect(issuePaths(aCalendar({ holidays: { country: 'AT', region: '9', types: ['public'] } }))).toEqual([])
  })
})

describe('Calendar', () => {
  it('reads a union of desks as a union and a single desk as a single desk', () => {
    // Arrange / Act
    const union = Calendar.parse(followTheSunCalendar)
    const single = Calendar.parse(viennaCalendar)

    // Assert
    expect('unionOf' in union && union.unionOf.map((member) => member.timeZone)).toEqual([
      'America/New_York',
      'Europe/London',
      'Europe/Paris',
    ])
    expect('timeZone' in single && single.timeZone).toBe('Europe/Vienna')
  })

  it('refuses a union without members', () => {
    expect(UnionCalendar.safeParse({ id: 'nobody', name: 'Nobody', unionOf: [] }).success).toBe(false)
  })
})
