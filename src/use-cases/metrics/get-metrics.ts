import { ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import type { AccessScope, Caller } from '#src/domain/identity.ts'
import { isOneOf, metricsReaderRoles } from '#src/domain/metrics/access.ts'
import {
  buildReport,
  dayAfter,
  lastDay,
  type MetricsReport,
  openAtEndOf,
} from '#src/domain/metrics/report.ts'
import type { AccountDirectory } from '#src/use-cases/ports/directory.ts'
import type { MetricsStore } from '#src/use-cases/ports/metrics.ts'

/** A period of UTC dates, both included (the HTTP layer checks `from ≤ to` and the longest period). */
export interface MetricsQuery {
  from: string
  to: string
  /** One account; without it, a customer admin gets its own account and staff all accounts. */
  accountId?: string | undefined
}

export interface GetMetricsDeps {
  metrics: Pick<MetricsStore, 'listDays' | 'openCases'>
  accounts: AccountDirectory
}

const noSuchAccount = (accountId: string) => new NotFoundError(`There is no account ${accountId}.`)

/** Whose metrics the caller asked for and may see. */
async function scopeFor(query: MetricsQuery, caller: Caller, deps: GetMetricsDeps): Promise<AccessScope> {
  if (!isOneOf(caller.role, metricsReaderRoles)) {
    throw new ForbiddenError(`The ${caller.role} role may not read metrics.`)
  }
  if (caller.kind === 'customer') {
    // Another account is answered like a missing one: a customer learns nothing about other tenants.
    if (query.accountId !== undefined && query.accountId !== caller.accountId)
      throw noSuchAccount(query.accountId)
    return { kind: 'account', accountId: caller.accountId }
  }
  if (query.accountId === undefined) return { kind: 'all' }
  if (!(await deps.accounts.findAccount(query.accountId))) throw noSuchAccount(query.accountId)
  return { kind: 'account', accountId: query.accountId }
}

/**
 * The metrics of a period, computed from the aggregates the event handler keeps, never from cases.
 * 1. Decide whose: a customer admin its own account (another account is 404, as a missing one is);
 *    managers and admins all accounts, or the account they name (404 if there is none).
 * 2. Read the period's day aggregates, the days after it, and the open cases now: Queries and a
 *    GetItem on the scope's partition.
 * 3. Build the report: totals, per severity and per day; the backlog at the end of the period is
 *    the open cases now less what the later days changed.
 */
export async function getMetrics(
  query: MetricsQuery,
  caller: Caller,
  deps: GetMetricsDeps,
): Promise<MetricsReport> {
  const scope = await scopeFor(query, caller, deps)
  const [days, later, openNow] = await Promise.all([
    deps.metrics.listDays(scope, query.from, query.to),
    query.to >= lastDay ? Promise.resolve([]) : deps.metrics.listDays(scope, dayAfter(query.to), lastDay),
    deps.metrics.openCases(scope),
  ])
  return buildReport({
    from: query.from,
    to: query.to,
    accountId: scope.kind === 'account' ? scope.accountId : null,
    days,
    openAtEnd: openAtEndOf(openNow, later),
  })
}
