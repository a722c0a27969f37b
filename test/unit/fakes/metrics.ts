import type { AccessScope } from '#src/domain/identity.ts'
import {
  addCounters,
  type DayAggregate,
  emptyCounters,
  type MetricsContribution,
  type SeverityCounts,
  zeroPerSeverity,
} from '#src/domain/metrics/case-metrics.ts'
import type { Severity } from '#src/domain/vocabulary.ts'
import type { MetricsStore } from '#src/use-cases/ports/metrics.ts'

const scopeKey = (scope: AccessScope) => (scope.kind === 'account' ? `account:${scope.accountId}` : 'all')

/**
 * The metrics store in memory, with the contract of the DynamoDB one: each event id is counted
 * once, into its account and into all accounts, and the open cases follow the backlog changes.
 */
export class InMemoryMetricsStore implements MetricsStore {
  readonly counted = new Set<string>()
  readonly days = new Map<string, DayAggregate>()
  readonly open = new Map<string, SeverityCounts>()
  readonly recorded: MetricsContribution[] = []

  async recordContribution(contribution: MetricsContribution): Promise<'recorded' | 'duplicate'> {
    if (this.counted.has(contribution.eventId)) return 'duplicate'
    this.counted.add(contribution.eventId)
    this.recorded.push(contribution)
    for (const scope of [{ kind: 'account', accountId: contribution.accountId }, { kind: 'all' }] as const) {
      const open = this.open.get(scopeKey(scope)) ?? zeroPerSeverity()
      for (const [severity, counters] of Object.entries(contribution.bySeverity)) {
        const key = `${scopeKey(scope)}|${contribution.day}|${severity}`
        const day = this.days.get(key) ?? {
          day: contribution.day,
          severity: severity as Severity,
          counters: emptyCounters(),
        }
        this.days.set(key, { ...day, counters: addCounters(day.counters, counters ?? {}) })
        open[severity as Severity] += counters?.backlogChange ?? 0
      }
      this.open.set(scopeKey(scope), open)
    }
    return 'recorded'
  }

  async listDays(scope: AccessScope, from: string, to: string): Promise<DayAggregate[]> {
    return [...this.days.entries()]
      .filter(([key]) => key.startsWith(`${scopeKey(scope)}|`))
      .map(([, aggregate]) => aggregate)
      .filter((aggregate) => aggregate.day >= from && aggregate.day <= to)
      .sort((a, b) => a.day.localeCompare(b.day))
  }

  async openCases(scope: AccessScope): Promise<SeverityCounts> {
    return { ...(this.open.get(scopeKey(scope)) ?? zeroPerSeverity()) }
  }
}
