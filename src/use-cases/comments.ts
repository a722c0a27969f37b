import type { Comment, CommentVisibility } from '#src/domain/comment.ts'
import { ConflictError, ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { allowedActions, applyTransition, diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import { actorOf, caseEvent, changeCase, loadCase } from './case-events.ts'
import type { CaseStore, Clock, IdGenerator, Paged, PageRequest } from './ports.ts'

type Deps = { cases: CaseStore; clock: Clock; ids: IdGenerator }

/**
 * Adds a comment to a case.
 * 1. Read the case within the caller's scope; customers may write public comments only.
 * 2. A plain comment is written with its event and never touches the case item, so it cannot
 *    conflict with concurrent edits.
 * 3. A customer's public reply to a case waiting on them (or with a solution proposed) resumes
 *    work: comment, `customer_reply` transition and both events are saved in one transaction.
 * 4. The first public comment by staff records the first response, in the same transaction.
 */
export async function addComment(
  caseId: string,
  input: { body: string; visibility: CommentVisibility },
  caller: Caller,
  deps: Deps,
): Promise<Comment> {
  if (caller.kind === 'customer' && input.visibility === 'internal') {
    throw new ForbiddenError('Internal notes are for support staff only.')
  }
  const actor = actorOf(caller)
  const current = await loadCase(deps.cases, caller, caseId)
  if (caller.kind === 'customer' && isTerminal(current.status)) {
    throw new ConflictError(
      `Case ${current.number} is ${current.status}. Please open a new case and mention ${current.number}.`,
    )
  }
  const commentId = deps.ids.newId()
  const commentAt = (at: string): Comment => ({
    id: commentId,
    caseId: current.id,
    accountId: current.accountId,
    authorId: caller.userId,
    authorRole: caller.role,
    visibility: input.visibility,
    body: input.body,
    createdAt: at,
  })
  const commentEvent = (comment: Comment) =>
    caseEvent(deps.ids, current, actor, comment.createdAt, {
      type: 'comment.added',
      action: 'comment',
      changes: [],
      visibility: comment.visibility,
      details: { commentId: comment.id, visibility: comment.visibility },
    })

  const resumes =
    caller.kind === 'customer' && allowedActions(current.status, caller.role).includes('customer_reply')
  const firstStaffResponse =
    caller.kind === 'staff' && input.visibility === 'public' && !current.firstResponseAt
  if (!resumes && !firstStaffResponse) {
    const comment = commentAt(deps.clock.now().toISOString())
    await deps.cases.addComment(comment, commentEvent(comment))
    return comment
  }

  const change = await changeCase(deps, caller, caseId, (fresh, now) => {
    const at = now.toISOString()
    const comment = commentAt(at)
    const events = [commentEvent(comment)]
    let next = fresh
    if (resumes && allowedActions(fresh.status, caller.role).includes('customer_reply')) {
      const transition = applyTransition(fresh, 'customer_reply', actor, now)
      next = transition.next
      events.push(
        caseEvent(deps.ids, fresh, actor, at, {
          type: 'case.transitioned',
          action: 'customer_reply',
          changes: transition.changes,
          details: { commentId: comment.id },
        }),
      )
    } else if (firstStaffResponse && !fresh.firstResponseAt) {
      next = { ...fresh, firstResponseAt: at, version: fresh.version + 1, updatedAt: at }
      events.push(
        caseEvent(deps.ids, fresh, actor, at, {
          type: 'case.updated',
          action: 'first_response',
          changes: diffCases(fresh, next),
          details: { commentId: comment.id },
        }),
      )
    }
    return { next, expectedVersion: fresh.version, events, comment }
  })
  return change.comment as Comment
}

/** Lists a case's comments, oldest first; customers see public comments only. */
export async function listComments(
  caseId: string,
  page: PageRequest,
  caller: Caller,
  deps: { cases: CaseStore },
): Promise<Paged<Comment>> {
  await loadCase(deps.cases, caller, caseId)
  return deps.cases.listComments(caseId, { ...page, includeInternal: caller.kind === 'staff' })
}
