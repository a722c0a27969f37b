import type { Case } from '#src/domain/case.ts'
import type { Comment, CommentVisibility } from '#src/domain/comment.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import { allowedActions, applyTransition, diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator, Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import { actorOf, caseEvent, changeCase, loadCase } from './case-events.ts'
import { caseSlaContext, followSla, type SlaContext, type SlaDeps, withOutcomes } from './case-sla.ts'

type Deps = SlaDeps & { cases: CaseStore; clock: Clock; ids: IdGenerator }

/**
 * Adds a comment to a case.
 * 1. Read the case within the caller's scope; customers may write public comments only.
 * 2. A plain comment is written with its event and never touches the case item, so it cannot
 *    conflict with concurrent edits.
 * 3. A customer's public reply to a case waiting on them (or with a solution proposed) resumes
 *    work: comment, `customer_reply` transition and both events are saved in one transaction.
 * 4. The first public comment by staff records the first response, in the same transaction.
 * 5. A public comment moves the SLA clocks (docs/sla.md): support's answers a next reply and a
 *    periodic update, the customer's starts a next-reply clock. Then the case item is written with
 *    the comment too, and the comment's event carries the outcomes it made final.
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
  const commentEvent = (comment: Comment, outcomes: ReturnType<typeof followSla>['outcomes'] = []) =>
    caseEvent(deps.ids, current, actor, comment.createdAt, {
      type: 'comment.added',
      action: 'comment',
      changes: [],
      visibility: comment.visibility,
      details: withOutcomes({ commentId: comment.id, visibility: comment.visibility }, outcomes),
    })
  const isPublic = input.visibility === 'public'
  const activity = {
    publicStaffUpdate: isPublic && caller.kind === 'staff',
    customerMessage: isPublic && caller.kind === 'customer',
  }
  const hasClocks = (c: Case) => c.slaClocks !== undefined || c.slaClock !== undefined

  // Whether this comment changes the case item too: a customer's reply, or staff's first response.
  const isCustomerReply = (fresh: Case) =>
    caller.kind === 'customer' && allowedActions(fresh.status, caller.role).includes('customer_reply')
  const isFirstResponse = (fresh: Case) =>
    caller.kind === 'staff' &&
    input.visibility === 'public' &&
    !fresh.firstResponseAt &&
    !isTerminal(fresh.status)

  // Which change of the case item, if any, goes with this comment (decided on the freshest case).
  const accompanyingChange = (fresh: Case, comment: Comment, now: Date) => {
    const at = now.toISOString()
    if (isCustomerReply(fresh)) {
      const { next, changes } = applyTransition(fresh, 'customer_reply', actor, now)
      const event = caseEvent(deps.ids, fresh, actor, at, {
        type: 'case.transitioned',
        action: 'customer_reply',
        changes,
        details: { commentId: comment.id },
      })
      return { next, event }
    }
    if (isFirstResponse(fresh)) {
      const next: Case = { ...fresh, firstResponseAt: at, version: fresh.version + 1, updatedAt: at }
      const event = caseEvent(deps.ids, fresh, actor, at, {
        type: 'case.updated',
        action: 'first_response',
        changes: diffCases(fresh, next),
        details: { commentId: comment.id },
      })
      return { next, event }
    }
    return undefined
  }

  let plain: Comment | undefined
  const mayChangeCase = (c: Case) =>
    isCustomerReply(c) || isFirstResponse(c) || (isPublic && hasClocks(c) && !isTerminal(c.status))
  if (!mayChangeCase(current)) {
    plain = commentAt(deps.clock.now().toISOString())
  } else {
    // One moment for the comment and what it changes, read after the case and afresh whenever a race
    // makes us decide again: an older moment would date the change before the change it lost the
    // race to, and the history (ordered by time) would end in another status than the case.
    let sla: SlaContext | undefined
    const decide = async (fresh: Case, now: Date) => {
      sla ??= await caseSlaContext(fresh, deps)
      const at = now.toISOString()
      const comment = commentAt(at)
      const accompanying = accompanyingChange(fresh, comment, now)
      const changed = accompanying?.next ?? { ...fresh, version: fresh.version + 1, updatedAt: at }
      const { next, outcomes } = followSla(fresh, changed, sla, activity)
      if (!accompanying && next === changed) {
        plain = comment
        return undefined
      }
      const events = accompanying
        ? [
            commentEvent(comment),
            { ...accompanying.event, details: withOutcomes(accompanying.event.details, outcomes) },
          ]
        : [commentEvent(comment, outcomes)]
      return { next, expectedVersion: fresh.version, events, comment }
    }
    // The case just read is the first one to decide on: a second read would only cost time.
    const { change } = await changeCase(deps, scopeOf(caller), caseId, decide, current)
    if (change?.comment) {
      return change.comment
    }
  }
  // A plain comment: comment and event only, the case item is not written, so nothing can conflict.
  const comment = plain as Comment
  await deps.cases.addComment(comment, commentEvent(comment))
  return comment
}

/**
 * Lists a case's comments, oldest first; customers see public comments only.
 * 1. One read: the store checks the case's scope on the first page (404 for a missing or another
 *    account's case, as `loadCase`); a later page's cursor is bound to the scope it was issued for.
 */
export async function listComments(
  caseId: string,
  page: PageRequest,
  caller: Caller,
  deps: { cases: CaseStore },
): Promise<Paged<Comment>> {
  const comments = await deps.cases.listComments(scopeOf(caller), caseId, {
    ...page,
    includeInternal: caller.kind === 'staff',
  })
  if (!comments) throw new NotFoundError(`There is no case ${caseId}.`)
  return comments
}
