// Ports of case watchers: one item per watcher in the case's partition.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'

/** One watcher and the history event about it, written or removed together. */
export interface WatcherChange {
  watcher: CaseWatcher
  event: CaseEvent
}

/** The watchers of cases (DynamoDB): the truth about who watches which case. */
export interface CaseWatcherStore {
  /**
   * Writes the watcher and its `case.watcher_added` event in one transaction. False, writing
   * nothing, when that person already watches the case.
   */
  insertWatcher(change: WatcherChange): Promise<boolean>
  /** One watcher of a case by user id. */
  findWatcher(caseId: string, userId: string): Promise<CaseWatcher | undefined>
  /** Removes the watcher and writes its `case.watcher_removed` event in one transaction. False, writing nothing, when it is gone already. */
  deleteWatcher(change: WatcherChange): Promise<boolean>
  /**
   * Every watcher of a case, contacts and staff, oldest user id first: a case has a few
   * (`maxWatchersPerCase`), read with one Query. Callers filter what their caller may see.
   */
  listWatchers(caseId: string): Promise<CaseWatcher[]>
}
