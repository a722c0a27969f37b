import { describe, expect, it } from 'vitest'
import { type DayAggregate, emptyCounters, type MetricCounters } from '#src/domain/metrics/case-metrics.ts'
import { withValue } from '#src/domain/metrics/histogram.ts'
import { buildReport, dayAfter, daysInPeriod, openAtEndOf } from '#src/domain/metrics/report.ts'
import type { Severity } from '#src/domain/vocabulary.ts'

const aggregate = (day: string, severity: Severity, counters: Partial<MetricCounters>): DayAggregate => ({
  day,
  severity,
  counters: { ...emptyCounters(), ...counters },
})

const noneOpen = { critical: 0, urgent: 0, standard: 0, low: 0 }

describe('the metrics report', () => {
  const days = [
    aggregate('2026-11-02', 'standard', {
      opened: 3,
      backlogChange: 3,
      firstResponsesMet: 2,
      responseMinutes: withValue(withValue({}, 10), 20),
    }),
    aggregate('2026-11-02', 'critical', {
      opened: 1,
      backlogChange: 1,
      firstResponsesBreached: 1,
      responseMinutes: withValue({}, 200),
    }),
    aggregate('2026-11-05', 'standard', { closed: 2, backlogChange: -2, csatSum: 9, csatCount: 2 }),
  ]

  it('adds up the period across days and severities', () => {
    const report = buildReport({
      from: '2026-11-01',
      to: '2026-11-30',
      accountId: 'acme',
      days,
      openAtEnd: { ...noneOpen, standard: 1, critical: 1 },
    })

    expect(report.totals).toMatchObject({
      opened: 4,
      closed: 2,
      firstResponses: { met: 2, breached: 1, complianceRate: 0.6667 },
      // 200 lies in the bucket 200–207, answered as its middle.
      firstResponseBusinessMinutes: { count: 3, median: 20, p90: 203 },
      backlog: { atEnd: 2 },
      csat: { average: 4.5, count: 2 },
    })
    expect(report.totals.bySeverity.critical).toMatchObject({
      opened: 1,
      firstResponses: { met: 0, breached: 1, complianceRate: 0 },
      backlog: { atEnd: 1 },
    })
    expect(report.totals.bySeverity.low).toMatchObject({
      opened: 0,
      firstResponses: { complianceRate: null },
      firstResponseBusinessMinutes: { count: 0, median: null, p90: null },
      csat: { average: null, count: 0 },
    })
  })

  it('lists the days with activity, each with the backlog at its end, walked back from the period’s end', () => {
    const report = buildReport({
      from: '2026-11-01',
      to: '2026-11-30',
      accountId: null,
      days,
      openAtEnd: { ...noneOpen, standard: 1, critical: 1 },
    })

    expect(report.days.map((d) => [d.date, d.backlog.atEnd, d.bySeverity.standard.backlog.atEnd])).toEqual([
      ['2026-11-02', 4, 3],
      ['2026-11-05', 2, 1],
    ])
  })

  it('leaves out aggregates outside the period', () => {
    const report = buildReport({
      from: '2026-11-03',
      to: '2026-11-30',
      accountId: null,
      days,
      openAtEnd: noneOpen,
    })

    expect(report.totals.opened).toBe(0)
    expect(report.days.map((d) => d.date)).toEqual(['2026-11-05'])
  })

  it('takes the backlog at the end of a day as the open cases now less every later day’s changes', () => {
    const later = [
      aggregate('2026-12-01', 'standard', { backlogChange: 2 }),
      aggregate('2026-12-03', 'standard', { backlogChange: -1 }),
      aggregate('2026-12-03', 'low', { backlogChange: 1 }),
    ]

    expect(openAtEndOf({ ...noneOpen, standard: 5, low: 1 }, later)).toEqual({
      ...noneOpen,
      standard: 4,
      low: 0,
    })
  })
})

describe('the SLA targets in the report', () => {
  const histogramOf = (...minutes: number[]) => minutes.reduce((h, m) => withValue(h, m), {})
  const days = [
    aggregate('2026-11-02', 'urgent', {
      slaTargets: {
        resolution: { met: 3, breached: 1, businessMinutes: histogramOf(100, 200, 300, 4_000) },
        next_reply: { met: 1, breached: 0, businessMinutes: histogramOf(12) },
      },
    }),
    aggregate('2026-11-02', 'low', {
      slaTargets: { resolution: { met: 1, breached: 0, businessMinutes: histogramOf(20) } },
    }),
    aggregate('2026-11-03', 'urgent', {
      slaTargets: { periodic_update: { met: 0, breached: 2, businessMinutes: histogramOf(250, 260) } },
    }),
  ]
  const report = buildReport({
    from: '2026-11-01',
    to: '2026-11-30',
    accountId: null,
    days,
    openAtEnd: noneOpen,
  })
  const nothing = {
    met: 0,
    breached: 0,
    complianceRate: null,
    businessMinutes: { count: 0, median: null, p90: null },
  }

  it('adds each target up over days and severities, with its compliance rate and p50/p90 from the merged histogram', () => {
    expect(report.totals.slaTargets).toEqual({
      first_response: nothing,
      // 20, 100, 200, 300, 4000: the 3rd is 200 (bucket 200–207), the 5th 4000 (bucket 3968–4095).
      resolution: {
        met: 4,
        breached: 1,
        complianceRate: 0.8,
        businessMinutes: { count: 5, median: 203, p90: 4031 },
      },
      next_reply: {
        met: 1,
        breached: 0,
        complianceRate: 1,
        businessMinutes: { count: 1, median: 12, p90: 12 },
      },
      // 250 lies in 248–255, 260 in 256–271 (16 minutes wide from 256 on).
      periodic_update: {
        met: 0,
        breached: 2,
        complianceRate: 0,
        businessMinutes: { count: 2, median: 251, p90: 263 },
      },
    })
  })

  it('shows them per severity and per day too, always all four targets', () => {
    expect(report.totals.bySeverity.low.slaTargets.resolution).toEqual({
      met: 1,
      breached: 0,
      complianceRate: 1,
      businessMinutes: { count: 1, median: 20, p90: 20 },
    })
    expect(report.totals.bySeverity.urgent.slaTargets.resolution.businessMinutes).toEqual({
      count: 4,
      median: 203,
      p90: 4031,
    })
    expect(report.totals.bySeverity.critical.slaTargets).toEqual({
      first_response: nothing,
      next_reply: nothing,
      periodic_update: nothing,
      resolution: nothing,
    })
    expect(
      report.days.map((d) => [d.date, d.slaTargets.resolution.met, d.slaTargets.periodic_update.breached]),
    ).toEqual([
      ['2026-11-02', 4, 0],
      ['2026-11-03', 0, 2],
    ])
  })

  it('keeps the first-response figures read from the case apart from the first-response target’s', () => {
    // Arrange
    const counted = buildReport({
      from: '2026-11-02',
      to: '2026-11-02',
      accountId: null,
      days: [aggregate('2026-11-02', 'standard', { firstResponsesMet: 1, responseMinutes: histogramOf(30) })],
      openAtEnd: noneOpen,
    })

    // Assert
    expect(counted.totals.firstResponses).toEqual({ met: 1, breached: 0, complianceRate: 1 })
    expect(counted.totals.slaTargets.first_response).toEqual(nothing)
  })
})

describe('periods', () => {
  it('count both ends, through leap days and month ends', () => {
    expect(daysInPeriod('2026-11-25', '2026-11-25')).toBe(1)
    expect(daysInPeriod('2028-01-01', '2028-12-31')).toBe(366)
    expect(dayAfter('2028-02-28')).toBe('2028-02-29')
    expect(dayAfter('2026-12-31')).toBe('2027-01-01')
  })
})
