// Ports of merging one case into another (docs/merge.md).
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { CaseChange } from './cases.ts'

/** Everything one merge writes, in one transaction. */
export interface CaseMerge {
  /** The source case, closed as merged, with its event and the target's event (each in its own case's history). */
  source: CaseChange & { events: CaseEvent[] }
  /** The source as it was read: its label items follow the change (docs/data-model.md, "Labels"). */
  previous: Case
  /** The case merged into: it must still be active when the merge commits. */
  targetCaseId: string
  /** The `duplicate_of` link from source to target and its twin; absent when the pair is linked already. */
  link?: [CaseLink, CaseLink] | undefined
  /** The source's contact, now a watcher of the target; absent when it is the target's contact or watches already. */
  watcher?: CaseWatcher | undefined
}

/** Writes merges (DynamoDB). */
export interface CaseMergeStore {
  /**
   * Writes the merge atomically. Throws StaleCaseError when the source moved on since it was read,
   * and ConflictError when the target ended meanwhile, or the pair was linked or the watcher added meanwhile.
   */
  saveMerge(merge: CaseMerge): Promise<void>
}
