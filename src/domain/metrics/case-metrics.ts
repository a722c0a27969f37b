import type { CaseEvent } from '#src/domain/case.ts'
import { type SlaOutcome, slaOutcomesOf, slaOutcomeTargets } from '#src/domain/sla/sla-outcome.ts'
import { Severity } from '#src/domain/vocabulary.ts'
import { type Histogram, mergeHistograms, withValue } from './histogram.ts'

/**
 * What the event handler counts per day × account × severity (docs/metrics.md). Pure: the use case
 * reads what an event does not carry (the case's severity, its SLA clock) and hands it in.
 */

/** An SLA target kind (first response, next reply, periodic update, resolution). */
export type SlaTargetKind = SlaOutcome['target']

/** The final outcomes of one SLA target's clocks. */
export interface TargetCounters {
  met: number
  breached: number
  /** Business minutes each of those clocks counted, as a histogram (./histogram.ts). */
  businessMinutes: Histogram
}

/** Per SLA target; a target without outcomes is left out (all zero). */
export type TargetsCounters = Partial<Record<SlaTargetKind, TargetCounters>>

/** The counters of one day, account (or all accounts) and severity. */
export interface MetricCounters {
  opened: number
  closed: number
  cancelled: number
  /**
   * Ended cases purged by their account's retention (docs/privacy.md), on the day of the purge and
   * under the case's severity. Nothing else changes: the other counters keep what the case added.
   */
  purged: number
  /** First-response SLA outcomes, counted when final (see `contributionOf`). */
  firstResponsesMet: number
  firstResponsesBreached: number
  /** How the number of open cases changed that day: +1 filed, −1 closed or cancelled, ±1 moved between severities. */
  backlogChange: number
  csatSum: number
  csatCount: number
  /** Business minutes from filing to the first response, as a histogram (./histogram.ts). */
  responseMinutes: Histogram
  /**
   * Every SLA target's outcomes, from the events that carry them (`details.slaOutcomes`) and under
   * the severity each outcome names. The first response is counted twice over: here from its
   * outcome, and in `firstResponsesMet`/`firstResponsesBreached` from the case.
   */
  slaTargets: TargetsCounters
}

/** Counters of one day and severity. Days are UTC dates (`YYYY-MM-DD`). */
export interface DayAggregate {
  day: string
  severity: Severity
  counters: MetricCounters
}

/** One number per severity (open cases, say). */
export type SeverityCounts = Record<Severity, number>

/** What one case event adds to the aggregates of its account (and of all accounts). */
export interface MetricsContribution {
  eventId: string
  accountId: string
  day: string
  /** Per severity the event touches: one, or two when it moves an open case to another severity. */
  bySeverity: Partial<Record<Severity, Partial<MetricCounters>>>
}

export const severities: readonly Severity[] = Severity.options

export function emptyCounters(): MetricCounters {
  return {
    opened: 0,
    closed: 0,
    cancelled: 0,
    purged: 0,
    firstResponsesMet: 0,
    firstResponsesBreached: 0,
    backlogChange: 0,
    csatSum: 0,
    csatCount: 0,
    responseMinutes: {},
    slaTargets: {},
  }
}

export function zeroPerSeverity(): SeverityCounts {
  return { critical: 0, urgent: 0, standard: 0, low: 0 }
}

/** Both counters added up. */
export function addCounters(a: MetricCounters, b: Partial<MetricCounters>): MetricCounters {
  return {
    opened: a.opened + (b.opened ?? 0),
    closed: a.closed + (b.closed ?? 0),
    cancelled: a.cancelled + (b.cancelled ?? 0),
    purged: a.purged + (b.purged ?? 0),
    firstResponsesMet: a.firstResponsesMet + (b.firstResponsesMet ?? 0),
    firstResponsesBreached: a.firstResponsesBreached + (b.firstResponsesBreached ?? 0),
    backlogChange: a.backlogChange + (b.backlogChange ?? 0),
    csatSum: a.csatSum + (b.csatSum ?? 0),
    csatCount: a.csatCount + (b.csatCount ?? 0),
    responseMinutes: mergeHistograms(a.responseMinutes, b.responseMinutes ?? {}),
    slaTargets: addTargetCounters(a.slaTargets, b.slaTargets ?? {}),
  }
}

/** Both targets' counters added up; a target neither has stays out. */
function addTargetCounters(a: TargetsCounters, b: TargetsCounters): TargetsCounters {
  const sum: TargetsCounters = {}
  for (const target of slaOutcomeTargets) {
    const x = a[target]
    const y = b[target]
    if (!x || !y) {
      const only = x ?? y
      if (only) sum[target] = only
      continue
    }
    sum[target] = {
      met: x.met + y.met,
      breached: x.breached + y.breached,
      businessMinutes: mergeHistograms(x.businessMinutes, y.businessMinutes),
    }
  }
  return sum
}

/**
 * The day an instant counts on: its UTC date. One boundary for every account keeps an account's
 * days and the all-accounts days the same days (they add up), and matches the API's UTC times;
 * an account's own calendar may span several zones (follow-the-sun), so it has no single "day".
 */
export function dayOf(isoTime: string): string {
  return new Date(isoTime).toISOString().slice(0, 10)
}

/** What an event means for the metrics, read from the event alone. */
export interface EventSignals {
  /** The case was filed, with the severity it was filed with. */
  opened?: { severity: Severity | undefined }
  /** An open case changed severity: it moves from one severity's backlog to the other's. */
  severityChange?: { from: Severity; to: Severity }
  /** Support's first public reaction happened with this event. */
  firstResponse: boolean
  /** The case ended. */
  ended?: 'closed' | 'cancelled'
  /** A satisfaction survey was answered with this rating (1–5). */
  rating?: number
  /** SLA clocks whose outcome became final with this event (on any event type); absent when none did. */
  slaOutcomes?: SlaOutcome[]
}

const severityOf = (value: unknown): Severity | undefined => {
  const parsed = Severity.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

/** What the event signals for the metrics, or undefined when it changes none of them (comments, files, ...). */
export function signalsOf(event: CaseEvent): EventSignals | undefined {
  const change = (field: string) => event.changes.find((c) => c.field === field)
  const signals: EventSignals = { firstResponse: false }
  if (event.type === 'case.created') signals.opened = { severity: severityOf(change('severity')?.after) }
  const severity = change('severity')
  const from = severityOf(severity?.before)
  const to = severityOf(severity?.after)
  if (event.type !== 'case.created' && from && to && from !== to) signals.severityChange = { from, to }
  const firstResponse = change('firstResponseAt')
  signals.firstResponse = firstResponse?.before === undefined && typeof firstResponse?.after === 'string'
  const status = change('status')?.after
  if (status === 'closed' || status === 'cancelled') signals.ended = status
  if (event.type === 'survey.answered') {
    const rating = event.details?.rating
    if (typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 5) {
      signals.rating = rating
    }
  }
  const outcomes = slaOutcomesOf(event.details)
  if (outcomes.length > 0) signals.slaOutcomes = outcomes
  const matters =
    signals.opened ||
    signals.severityChange ||
    signals.firstResponse ||
    signals.ended ||
    signals.rating ||
    signals.slaOutcomes
  return matters ? signals : undefined
}

/**
 * Whether the case itself must be read to count the event: for everything but a filing with its
 * severity and SLA outcomes (each names its severity).
 */
export function needsCase(signals: EventSignals): boolean {
  return (
    (signals.opened !== undefined && signals.opened.severity === undefined) ||
    signals.severityChange !== undefined ||
    signals.firstResponse ||
    signals.ended !== undefined ||
    signals.rating !== undefined
  )
}

/** What the case says when the event is counted. */
export interface CaseReading {
  /**
   * The case's severity now. Exact for closings, cancellations and surveys (an ended case cannot
   * change); for a first response, a severity change between the response and its counting
   * (normally seconds) moves the response to the new severity.
   */
  severity: Severity
  /** The first-response SLA's final outcome, if it has one (no SLA, still running, or stopped: undefined). */
  slaOutcome: 'met' | 'breached' | undefined
  /** Whether support has responded at all. */
  responded: boolean
  /** Business minutes from filing to the first response (pauses excluded), once there was one. */
  responseMinutes: number | undefined
}

/**
 * The counters one event adds, on the UTC day of the event:
 * - filed: opened +1 and backlog +1, under the severity it was filed with;
 * - severity changed: backlog −1 under the old severity, +1 under the new one;
 * - first response: met or breached +1 (the clock's outcome) and its business minutes;
 * - closed / cancelled: closed or cancelled +1, backlog −1; a case cancelled without any response
 *   after its deadline passed counts as breached then, so every breach is counted exactly once
 *   (a case ends either with a first response or with a cancellation);
 * - survey answered: CSAT sum and count;
 * - SLA outcomes (any event): met or breached +1 and the business minutes into the target's
 *   histogram, under the severity the outcome names; the case is not needed for them.
 */
export function contributionOf(
  event: CaseEvent,
  signals: EventSignals,
  reading: CaseReading | undefined,
): MetricsContribution {
  const bySeverity: Partial<Record<Severity, MetricCounters>> = {}
  const add = (severity: Severity, counters: Partial<MetricCounters>) => {
    bySeverity[severity] = addCounters(bySeverity[severity] ?? emptyCounters(), counters)
  }
  const current = reading?.severity
  if (signals.opened) {
    const severity = signals.opened.severity ?? current
    if (severity) add(severity, { opened: 1, backlogChange: 1 })
  }
  if (signals.severityChange) {
    add(signals.severityChange.from, { backlogChange: -1 })
    add(signals.severityChange.to, { backlogChange: 1 })
  }
  if (reading && current) {
    if (signals.firstResponse) {
      if (reading.slaOutcome === 'met') add(current, { firstResponsesMet: 1 })
      if (reading.slaOutcome === 'breached') add(current, { firstResponsesBreached: 1 })
      if (reading.responseMinutes !== undefined) {
        add(current, { responseMinutes: withValue({}, reading.responseMinutes) })
      }
    }
    if (signals.ended) {
      add(
        current,
        signals.ended === 'closed' ? { closed: 1, backlogChange: -1 } : { cancelled: 1, backlogChange: -1 },
      )
      if (!signals.firstResponse && !reading.responded && reading.slaOutcome === 'breached') {
        add(current, { firstResponsesBreached: 1 })
      }
    }
    if (signals.rating !== undefined) add(current, { csatSum: signals.rating, csatCount: 1 })
  }
  for (const outcome of signals.slaOutcomes ?? []) {
    add(outcome.severity, {
      slaTargets: {
        [outcome.target]: {
          met: outcome.outcome === 'met' ? 1 : 0,
          breached: outcome.outcome === 'breached' ? 1 : 0,
          businessMinutes: withValue({}, outcome.businessMinutes),
        },
      },
    })
  }
  return { eventId: event.id, accountId: event.accountId, day: dayOf(event.at), bySeverity }
}

/** Whether a contribution changes anything at all (a severity "change" to itself, say, does not). */
export function isEmptyContribution(contribution: MetricsContribution): boolean {
  return Object.values(contribution.bySeverity).every((counters) =>
    Object.entries(counters ?? {}).every(([name, value]) => {
      if (name === 'responseMinutes') return Object.keys(value as Histogram).length === 0
      if (name === 'slaTargets') return Object.values(value as TargetsCounters).every(isEmptyTarget)
      return value === 0
    }),
  )
}

const isEmptyTarget = (counters: TargetCounters | undefined) =>
  !counters ||
  (counters.met === 0 && counters.breached === 0 && Object.keys(counters.businessMinutes).length === 0)
