// Ports of the retention job (docs/privacy.md, Retention): which accounts keep ended cases for a
// limited time, which of their cases are candidates, and the deletions of a purge.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { RetentionCandidate } from '#src/domain/retention.ts'
import type { Severity } from '#src/domain/vocabulary.ts'

/** An account that keeps its ended cases for a limited time. */
export interface RetentionAccount {
  accountId: string
  retainClosedCasesDays: number
}

/** What the purge needs of a case: its ids, its severity (for the metrics) and when it ended. */
export interface PurgeCandidate extends RetentionCandidate {
  caseId: string
  accountId: string
  number: string
  severity: Severity
}

/** What purging one case's items removed from the table, by kind (counts only: no personal data). */
export interface PurgedItems {
  /** Every item of the case's partition except the case item: events, comments, file tree, links, survey, … */
  caseItems: number
  /** The twins of its links in the other cases' partitions. */
  linkTwins: number
  /** Its sent-notification and mail-thread records. */
  mailLedger: number
}

/** The table side of retention: read the candidates, delete a case's items. */
export interface RetentionStore {
  /** Every account with `retainClosedCasesDays` set. */
  listRetentionAccounts(): Promise<RetentionAccount[]>
  /**
   * The account's cases created before `cutoff`, oldest first, a page at a time: only they can
   * have ended before it. Purged cases leave the listing, so a run reads what it purges plus the
   * old cases that are still active or ended recently.
   */
  casesCreatedBefore(accountId: string, cutoff: Date): AsyncIterable<PurgeCandidate[]>
  /**
   * Deletes everything of the case but the case item itself: its partition's other items, its
   * links' twins, its mail ledger records. Idempotent: what is gone already is not counted.
   */
  deleteCaseContents(candidate: PurgeCandidate): Promise<PurgedItems>
  /**
   * Deletes what was added to the case's partition meanwhile (staff may still write to an ended
   * case), its number claim and the case item: last, so a purge that crashed half-way leaves the
   * case in its account's timeline and the next run finds it again.
   */
  deleteCase(candidate: PurgeCandidate): Promise<void>
}

/** The case's objects in the case-files bucket (checked files and uploads), every version. */
export interface CaseObjectStore {
  /** Deletes every object (and object version) of the case; answers how many it deleted. */
  deleteCaseObjects(ref: { accountId: string; caseId: string }): Promise<number>
}
