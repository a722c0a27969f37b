import { dayOf } from '#src/domain/metrics/case-metrics.ts'
import { endedAt, isPastRetention, retentionCutoff } from '#src/domain/retention.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { MetricsStore } from '#src/use-cases/ports/metrics.ts'
import type {
  CaseObjectStore,
  PurgeCandidate,
  PurgedItems,
  RetentionAccount,
  RetentionStore,
} from '#src/use-cases/ports/retention.ts'

export interface PurgeEndedCasesDeps {
  retention: RetentionStore
  caseObjects: CaseObjectStore
  metrics: Pick<MetricsStore, 'recordContribution'>
  clock: Clock
  /** Told of each case as soon as it is purged (the handler logs it): counts and ids, no personal data. */
  onPurged?: (purge: CasePurge) => void
}

/** What purging one case removed: ids, when it ended and how many items and objects of each kind. */
export interface CasePurge extends PurgedItems {
  caseId: string
  accountId: string
  number: string
  endedAt: string
  /** Objects (and object versions) in the case-files bucket. */
  fileObjects: number
  /** Whether the metrics counted it now (false: an earlier, interrupted run already had). */
  counted: boolean
}

/** What one run did. */
export interface PurgeRun {
  at: string
  /** Accounts with `retainClosedCasesDays` set. */
  accounts: number
  /** Cases read from those accounts' timelines (created before their cutoff). */
  casesRead: number
  purged: CasePurge[]
}

/** The metrics' marker id of a case's purge: one per case, so a re-run after a crash counts it once. */
export function purgeEventId(caseId: string): string {
  return `purge-${caseId}`
}

/**
 * Purges one ended case with everything it holds (docs/privacy.md, Retention). Safe to run again
 * after a crash at any step: each step deletes what is still there, and the case item goes last, so
 * an interrupted purge leaves the case in its account's timeline for the next run to find.
 * 1. Delete the case's partition but the case item (events, comments, file tree, links, survey, …),
 *    its links' twins in the other cases, and its mail ledger records.
 * 2. Delete its objects in the case-files bucket, every version.
 * 3. Count the purge in the metrics of the day, under the case's severity, once per case.
 * 4. Delete the case's number claim and, last, the case item.
 */
export async function purgeCase(candidate: PurgeCandidate, deps: PurgeEndedCasesDeps): Promise<CasePurge> {
  const items = await deps.retention.deleteCaseContents(candidate)
  const fileObjects = await deps.caseObjects.deleteCaseObjects(candidate)
  const at = deps.clock.now()
  const counted = await deps.metrics.recordContribution(
    {
      eventId: purgeEventId(candidate.caseId),
      accountId: candidate.accountId,
      day: dayOf(at.toISOString()),
      bySeverity: { [candidate.severity]: { purged: 1 } },
    },
    at,
  )
  await deps.retention.deleteCase(candidate)
  return {
    caseId: candidate.caseId,
    accountId: candidate.accountId,
    number: candidate.number,
    endedAt: endedAt(candidate) ?? '',
    ...items,
    fileObjects,
    counted: counted === 'recorded',
  }
}

/** Purges the account's cases that ended before its cutoff; answers how many cases it read. */
async function purgeAccount(
  account: RetentionAccount,
  now: Date,
  deps: PurgeEndedCasesDeps,
  purged: CasePurge[],
): Promise<number> {
  const cutoff = retentionCutoff(now, account.retainClosedCasesDays)
  let read = 0
  for await (const page of deps.retention.casesCreatedBefore(account.accountId, cutoff)) {
    read += page.length
    for (const candidate of page) {
      if (!isPastRetention(candidate, cutoff)) continue
      const purge = await purgeCase(candidate, deps)
      purged.push(purge)
      deps.onPurged?.(purge)
    }
  }
  return read
}

/**
 * The daily retention job (docs/privacy.md, Retention): purges every ended case of every account
 * with `retainClosedCasesDays` that ended (closed or cancelled) more than that many days before now.
 * 1. List the accounts that have the setting; the others are not read at all.
 * 2. For each, read its cases created before its cutoff, oldest first (a case cannot have ended
 *    before it was filed, so no later case can be due).
 * 3. Purge each that ended before the cutoff (`purgeCase`); skip those still active or ended since.
 *
 * A change of an account's setting applies to all of its ended cases from the next run on. A run
 * that fails half-way throws; the next run (or the retry) takes up what is left.
 */
export async function purgeEndedCases(deps: PurgeEndedCasesDeps): Promise<PurgeRun> {
  const now = deps.clock.now()
  const accounts = await deps.retention.listRetentionAccounts()
  const purged: CasePurge[] = []
  let casesRead = 0
  for (const account of accounts) casesRead += await purgeAccount(account, now, deps, purged)
  return { at: now.toISOString(), accounts: accounts.length, casesRead, purged }
}
