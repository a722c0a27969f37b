// Ports of metrics: the daily aggregates and the all-cases export.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { AccessScope } from '#src/domain/identity.ts'
import type { DayAggregate, MetricsContribution, SeverityCounts } from '#src/domain/metrics/case-metrics.ts'
import type { CasePage } from './cases.ts'

/**
 * The metrics aggregates (docs/metrics.md): per UTC day × account × severity, plus the same for all
 * accounts together, and the running count of open cases. Only the event handler writes them.
 */
export interface MetricsStore {
  /**
   * Adds one event's contribution to its account's and the all-accounts aggregates, once: a
   * redelivered event (same id) changes nothing and answers `duplicate`.
   */
  recordContribution(contribution: MetricsContribution, at: Date): Promise<'recorded' | 'duplicate'>
  /** The day aggregates of a scope whose day lies in [from, to] (UTC dates, both included). */
  listDays(scope: AccessScope, from: string, to: string): Promise<DayAggregate[]>
  /** The cases open now, per severity: every filing less every ending, as recorded so far. */
  openCases(scope: AccessScope): Promise<SeverityCounts>
}

/** One page of the export: cases created within [from, to] (UTC dates, both included), oldest first. */
export interface CaseExportQuery {
  from: string
  to: string
  limit: number
  cursor?: string | undefined
}

/** Every account's cases by creation time, for the staff export. */
export interface CaseExportSource {
  listCasesCreatedBetween(query: CaseExportQuery): Promise<CasePage>
}
