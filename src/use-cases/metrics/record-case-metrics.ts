import type { Case, CaseEvent } from '#src/domain/case.ts'
import {
  type CaseReading,
  contributionOf,
  isEmptyContribution,
  needsCase,
  signalsOf,
} from '#src/domain/metrics/case-metrics.ts'
import { clocksOf, elapsedMinutes, type SlaClock } from '#src/domain/sla/case-sla.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { MetricsStore } from '#src/use-cases/ports/metrics.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'

/** What counting needs: narrow slices of the common dependencies, so tests hand in fakes. */
export interface RecordCaseMetricsDeps {
  cases: Pick<CaseStore, 'findCase'>
  slaSettings: Pick<SlaSettings, 'calendar'>
  metrics: Pick<MetricsStore, 'recordContribution'>
  clock: Clock
}

/** What `recordCaseMetrics` did with one event, for the handler's log and for tests. */
export interface MetricsOutcome {
  eventId: string
  outcome: 'recorded' | 'duplicate' | 'ignored'
  /** Why an event was ignored. */
  reason?: string
}

/**
 * The clock's final outcome. A clock stopped (case cancelled) after its deadline had passed is a
 * breach the breach timer had not marked yet: timers are hints, the deadline is the truth.
 */
function outcomeOf(clock: SlaClock | undefined): CaseReading['slaOutcome'] {
  if (clock?.state === 'met' || clock?.state === 'breached') return clock.state
  if (clock?.state === 'stopped' && clock.dueAt && clock.endedAt && clock.endedAt > clock.dueAt) {
    return 'breached'
  }
  return undefined
}

/** What the case says now: severity, SLA outcome and, once answered, the business minutes it took. */
async function readingOf(c: Case, deps: RecordCaseMetricsDeps): Promise<CaseReading> {
  const clock = clocksOf(c).first_response
  let responseMinutes: number | undefined
  if (clock && c.firstResponseAt) {
    const calendar = await deps.slaSettings.calendar(clock.calendarId, clock.calendarVersion)
    // The same count the case's `sla.businessMinutesElapsed` shows: filing to first response, pauses excluded.
    if (calendar) responseMinutes = elapsedMinutes(clock, calendar.definition, new Date(c.firstResponseAt))
  }
  return {
    severity: c.severity,
    slaOutcome: outcomeOf(clock),
    responded: c.firstResponseAt !== undefined,
    responseMinutes,
  }
}

/**
 * Counts one case event into the metrics aggregates (docs/metrics.md). Called by the table-stream
 * handler for every event; safe to call again for the same event, which is what a stream retry does.
 * 1. Read what the event signals (filed, severity changed, first response, ended, survey answered);
 *    any other event counts for nothing and is not looked at further.
 * 2. Unless the event tells it all (a filing), read the case in all accounts' scope: its severity,
 *    its first-response SLA outcome and, on the case's calendar, the business minutes to the response.
 * 3. Compute what the event adds on its UTC day (pure: `contributionOf`).
 * 4. Add it to the account's and the all-accounts aggregates together with a marker of the event,
 *    in one transaction: a redelivered event finds its marker and adds nothing.
 */
export async function recordCaseMetrics(
  event: CaseEvent,
  deps: RecordCaseMetricsDeps,
): Promise<MetricsOutcome> {
  const signals = signalsOf(event)
  if (!signals) return { eventId: event.id, outcome: 'ignored', reason: `${event.type} counts for nothing` }
  let reading: CaseReading | undefined
  if (needsCase(signals)) {
    const c = await deps.cases.findCase({ kind: 'all' }, event.caseId)
    if (!c) return { eventId: event.id, outcome: 'ignored', reason: 'the case does not exist' }
    reading = await readingOf(c, deps)
  }
  const contribution = contributionOf(event, signals, reading)
  if (isEmptyContribution(contribution)) {
    return { eventId: event.id, outcome: 'ignored', reason: 'nothing to count' }
  }
  const outcome = await deps.metrics.recordContribution(contribution, deps.clock.now())
  return { eventId: event.id, outcome }
}
