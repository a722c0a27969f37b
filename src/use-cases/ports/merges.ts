// Ports of merging one case into another (docs/merge.md).
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import type { CaseChange } from './cases.ts'

/** Everything one merge writes, in one transaction. */
export interface CaseMerge {
  /** The source case, closed as merged, with its event and the target's event (each in its own case's history). */
  source: CaseChange & { events: CaseEvent[] }
  /** The case merged into: it must still be active when the merge commits. */
  targetCaseId: string
  /** The `duplicate_of` link from source to target and its twin; absent when the pair is linked already. */
  link?: [CaseLink, CaseLink] | undefined
}

/** Writes merges (DynamoDB). */
export interface CaseMergeStore {
  /**
   * Writes the merge atomically. Throws StaleCaseError when the source moved on since it was read,
   * and ConflictError when the target ended meanwhile or the pair was linked meanwhile.
   */
  saveMerge(merge: CaseMerge): Promise<void>
}
