import type { CaseEvent } from '#src/domain/case.ts'
import { commentIdOf, draftsOfHistoryEvent } from '#src/domain/events/case-event-drafts.ts'
import type { EventDraft } from '#src/domain/events/envelope.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'

export type { AccountChange, ContactChange } from '#src/domain/events/directory-drafts.ts'
export { draftsOfAccountChange, draftsOfContactChange } from '#src/domain/events/directory-drafts.ts'

/** The comment of a `comment.added` history event is not (yet) readable: the record must be retried, not skipped. */
export class EventCommentMissingError extends Error {
  override name = 'EventCommentMissingError'
  constructor(eventId: string, commentId: string) {
    super(`The comment ${commentId} of history event ${eventId} was not found.`)
  }
}

/**
 * The public events (docs/integrations.md, the catalogue) of one history event, the outbox entry
 * the table stream delivers (docs/architecture.md):
 * 1. A `comment.added` event names its comment: load it (the comment was written in the same
 *    transaction; if it cannot be read, throw so the stream retries the record).
 * 2. Map the history event to its drafts: its own event, and `case.assigned` when the assignee changed.
 */
export async function draftsOfCaseEvent(
  event: CaseEvent,
  deps: { cases: Pick<CaseStore, 'findComment'> },
): Promise<EventDraft[]> {
  const commentId = commentIdOf(event)
  if (commentId === undefined) return draftsOfHistoryEvent(event)
  const comment = await deps.cases.findComment(event.caseId, event.at, commentId)
  if (!comment) throw new EventCommentMissingError(event.id, commentId)
  return draftsOfHistoryEvent(event, comment)
}
