// Ports of the case aggregate: the case, its events (the outbox), comments and the work lists.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { CaseStatus, Severity } from '#src/domain/vocabulary.ts'
import type { Paged, PageRequest } from './common.ts'

export interface CaseListQuery {
  scope: AccessScope
  status?: CaseStatus | undefined
  severity?: Severity | undefined
  /** Only the cases assigned to this staff member. */
  assigneeId?: string | undefined
  /** Only the cases with this label (`tag:<slug>`, `field:<key>:<value>`; docs/data-model.md, "Labels"). */
  label?: string | undefined
  limit: number
  cursor?: string | undefined
  /** Newest month the all-cases timeline starts from. */
  now: Date
}

export interface CasePage {
  cases: Case[]
  nextCursor: string | null
}

/** A page of a queue's work list, optionally only the cases with one label. */
export type QueuePageRequest = PageRequest & { label?: string | undefined }

/** A page of a case's comments or history: staff see internal entries too. */
export type CaseItemsPage = PageRequest & { includeInternal: boolean }

/** A change to a case, saved atomically: the case (if `expectedVersion` still holds), its events, and an optional comment. */
export interface CaseChange {
  next: Case
  expectedVersion: number
  events: CaseEvent[]
  comment?: Comment | undefined
}

export interface CaseStore {
  /** Atomically takes the next case sequence number (never reused, gaps possible). */
  nextCaseSequence(now: Date): Promise<number>
  /** Writes a new case, its number claim and its first event in one transaction. */
  insertCase(newCase: Case, event: CaseEvent): Promise<void>
  /** The case if it exists and lies within the scope; otherwise undefined (another tenant's case is simply not found). */
  findCase(scope: AccessScope, caseId: string): Promise<Case | undefined>
  listCases(query: CaseListQuery): Promise<CasePage>
  /**
   * Saves a change in one transaction; throws StaleCaseError if the case's version moved on.
   * `previous` is the case at `expectedVersion`: what the change's label items are moved from.
   */
  saveCaseChange(change: CaseChange, previous: Case): Promise<void>
  /** Adds a comment and its event without touching the case item, so it never conflicts with case edits. */
  addComment(comment: Comment, event: CaseEvent): Promise<void>
  /** One comment by its key parts; the comment of a `comment.added` event was created at the event's time. */
  findComment(caseId: string, createdAt: string, commentId: string): Promise<Comment | undefined>
  /**
   * A page of a case's comments, oldest first (without `includeInternal`, the public ones only);
   * undefined when the case does not exist or lies outside the scope, as for `findCase`. The
   * cursor is bound to scope, case and visibility, so a later page needs no check of its own.
   */
  listComments(
    scope: AccessScope,
    caseId: string,
    options: CaseItemsPage,
  ): Promise<Paged<Comment> | undefined>
  /** A page of a case's history, oldest first; otherwise as `listComments`. */
  listEvents(
    scope: AccessScope,
    caseId: string,
    options: CaseItemsPage,
  ): Promise<Paged<CaseEvent> | undefined>
  /** A queue's active cases in the queue's order; with `label`, only those with that label. */
  listQueueCases(queue: string, options: QueuePageRequest): Promise<Paged<Case>>
}
