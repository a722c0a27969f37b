import { slaOutcomeTargets } from '#src/domain/sla/sla-outcome.ts'
import type { Severity } from '#src/domain/vocabulary.ts'
import {
  addCounters,
  type DayAggregate,
  emptyCounters,
  type MetricCounters,
  type SeverityCounts,
  type SlaTargetKind,
  severities,
  type TargetCounters,
} from './case-metrics.ts'
import { countOf, type Histogram, quantile } from './histogram.ts'

/** The longest period one metrics request or one export covers: a year, leap day included. */
export const maxPeriodDays = 366

/** Business minutes of a histogram: how many, and the median and p90 (null when none). */
export interface MinutesSummary {
  count: number
  median: number | null
  p90: number | null
}

/** One SLA target's outcomes and the business minutes its clocks counted. */
export interface TargetSummary {
  met: number
  breached: number
  complianceRate: number | null
  businessMinutes: MinutesSummary
}

/** The figures of one period (or day), account (or all) and severity (or all), as the API shows them. */
export interface MetricsSummary {
  opened: number
  closed: number
  cancelled: number
  /** Ended cases purged by their account's retention (docs/privacy.md). */
  purged: number
  firstResponses: { met: number; breached: number; complianceRate: number | null }
  firstResponseBusinessMinutes: MinutesSummary
  backlog: { atEnd: number }
  csat: { average: number | null; count: number }
  /** Every target, always all four: from the clocks' outcomes on the events, zero when there were none. */
  slaTargets: Record<SlaTargetKind, TargetSummary>
}

export type MetricsBreakdown = MetricsSummary & { bySeverity: Record<Severity, MetricsSummary> }

export interface MetricsReport {
  from: string
  to: string
  /** Days are UTC dates. */
  timeZone: 'UTC'
  /** The account reported on; null for all accounts. */
  accountId: string | null
  totals: MetricsBreakdown
  /** Days with recorded activity, oldest first (a day not listed had none; its backlog is the previous day's). */
  days: (MetricsBreakdown & { date: string })[]
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

/** met / (met + breached) to four decimals; null when there is neither. */
const complianceRate = (met: number, breached: number) =>
  met + breached === 0 ? null : round(met / (met + breached), 4)

function minutesOf(histogram: Histogram): MinutesSummary {
  return {
    count: countOf(histogram),
    median: quantile(histogram, 0.5) ?? null,
    p90: quantile(histogram, 0.9) ?? null,
  }
}

function targetSummaryOf(counters: TargetCounters | undefined): TargetSummary {
  const { met = 0, breached = 0, businessMinutes = {} } = counters ?? {}
  return {
    met,
    breached,
    complianceRate: complianceRate(met, breached),
    businessMinutes: minutesOf(businessMinutes),
  }
}

/** The figures of summed counters, with the number of cases open at the end. */
export function summarise(counters: MetricCounters, openAtEnd: number): MetricsSummary {
  return {
    opened: counters.opened,
    closed: counters.closed,
    cancelled: counters.cancelled,
    purged: counters.purged,
    firstResponses: {
      met: counters.firstResponsesMet,
      breached: counters.firstResponsesBreached,
      complianceRate: complianceRate(counters.firstResponsesMet, counters.firstResponsesBreached),
    },
    firstResponseBusinessMinutes: minutesOf(counters.responseMinutes),
    backlog: { atEnd: openAtEnd },
    csat: {
      average: counters.csatCount === 0 ? null : round(counters.csatSum / counters.csatCount, 2),
      count: counters.csatCount,
    },
    slaTargets: Object.fromEntries(
      slaOutcomeTargets.map((target) => [target, targetSummaryOf(counters.slaTargets[target])]),
    ) as Record<SlaTargetKind, TargetSummary>,
  }
}

function breakdown(perSeverity: Record<Severity, MetricCounters>, open: SeverityCounts): MetricsBreakdown {
  const total = severities.reduce((sum, severity) => addCounters(sum, perSeverity[severity]), emptyCounters())
  const openTotal = severities.reduce((sum, severity) => sum + open[severity], 0)
  const bySeverity = Object.fromEntries(
    severities.map((severity) => [severity, summarise(perSeverity[severity], open[severity])]),
  ) as Record<Severity, MetricsSummary>
  return { ...summarise(total, openTotal), bySeverity }
}

const emptyPerSeverity = () =>
  Object.fromEntries(severities.map((severity) => [severity, emptyCounters()])) as Record<
    Severity,
    MetricCounters
  >

/**
 * The report of a period from its day aggregates and the open cases at its end. Counters add up
 * over days and severities (histograms merge exactly); the backlog at the end of an earlier day
 * is the backlog at the end of the period less the changes of the days after it.
 */
export function buildReport(input: {
  from: string
  to: string
  accountId: string | null
  days: readonly DayAggregate[]
  openAtEnd: SeverityCounts
}): MetricsReport {
  const perDay = new Map<string, Record<Severity, MetricCounters>>()
  const period = emptyPerSeverity()
  for (const aggregate of input.days) {
    if (aggregate.day < input.from || aggregate.day > input.to) continue
    const day = perDay.get(aggregate.day) ?? emptyPerSeverity()
    day[aggregate.severity] = addCounters(day[aggregate.severity], aggregate.counters)
    perDay.set(aggregate.day, day)
    period[aggregate.severity] = addCounters(period[aggregate.severity], aggregate.counters)
  }
  // Walk back from the end: each day's closing backlog, then undo that day's changes for the day before.
  const open = { ...input.openAtEnd }
  const days: MetricsReport['days'] = []
  for (const date of [...perDay.keys()].sort().reverse()) {
    const counters = perDay.get(date) as Record<Severity, MetricCounters>
    days.push({ date, ...breakdown(counters, { ...open }) })
    for (const severity of severities) open[severity] -= counters[severity].backlogChange
  }
  return {
    from: input.from,
    to: input.to,
    timeZone: 'UTC',
    accountId: input.accountId,
    totals: breakdown(period, input.openAtEnd),
    days: days.reverse(),
  }
}

/** The backlog at the end of a day: open cases now, less the changes recorded on later days. */
export function openAtEndOf(openNow: SeverityCounts, laterChanges: readonly DayAggregate[]): SeverityCounts {
  const open = { ...openNow }
  for (const aggregate of laterChanges) open[aggregate.severity] -= aggregate.counters.backlogChange
  return open
}

const dayMs = 86_400_000

/** Whole days from `from` to `to` (both `YYYY-MM-DD`), counting both: 1 for a single day. */
export function daysInPeriod(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1
}

/** The date after `day` (`YYYY-MM-DD`). */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + dayMs).toISOString().slice(0, 10)
}

/** The last date the aggregates can hold: "every day after" reads up to here. */
export const lastDay = '9999-12-31'
