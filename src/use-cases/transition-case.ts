import type { Case, Resolution } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Caller } from '#src/domain/identity.ts'
import { applyTransition, type RequestableAction } from '#src/domain/lifecycle.ts'
import { actorOf, caseEvent, changeCase } from './case-events.ts'
import type { CaseStore, Clock, IdGenerator } from './ports.ts'

export interface TransitionInput {
  action: RequestableAction
  /** A public message to the customer (required for `request_info`), stored as a public comment. */
  message?: string | undefined
  resolution?: Resolution | undefined
  reason?: string | undefined
}

/**
 * Moves a case through its lifecycle.
 * 1. Read the case within the caller's scope (404 otherwise).
 * 2. Apply the action through the transition table (403 for a role that may never, 409 for a status that forbids it).
 * 3. Save the new case, its `case.transitioned` event and the message as a public comment, atomically;
 *    if the case changed meanwhile, decide again on the fresh case.
 */
export async function transitionCase(
  caseId: string,
  input: TransitionInput,
  caller: Caller,
  deps: { cases: CaseStore; clock: Clock; ids: IdGenerator },
): Promise<Case> {
  const actor = actorOf(caller)
  const change = await changeCase(deps, caller, caseId, (current, now) => {
    const at = now.toISOString()
    const { next, changes } = applyTransition(current, input.action, actor, now, {
      resolution: input.resolution,
    })
    const comment: Comment | undefined = input.message
      ? {
          id: deps.ids.newId(),
          caseId: current.id,
          accountId: current.accountId,
          authorId: caller.userId,
          authorRole: caller.role,
          visibility: 'public',
          body: input.message,
          createdAt: at,
        }
      : undefined
    const details: Record<string, unknown> = {}
    if (comment) details.commentId = comment.id
    if (input.message) details.message = input.message
    if (input.reason) details.reason = input.reason
    const event = caseEvent(deps.ids, current, actor, at, {
      type: 'case.transitioned',
      action: input.action,
      changes,
      ...(Object.keys(details).length ? { details } : {}),
    })
    return { next, expectedVersion: current.version, events: [event], comment }
  })
  return change.next
}
