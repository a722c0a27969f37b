import type { Case } from '#src/domain/case.ts'
import type { Comment, CommentVisibility } from '#src/domain/comment.ts'
import { ConflictError, ForbiddenError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import { allowedActions, applyTransition, diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import { actorOf, caseEvent, changeCase, loadCase } from './case-events.ts'
import { followSla, loadSlaContext, type SlaContext, type SlaDeps, syncTimers } from './case-sla.ts'
import type { CaseStore, Clock, IdGenerator, Paged, PageRequest, TimerScheduler } from './ports.ts'

type Deps = SlaDeps & { cases: CaseStore; clock: Clock; ids: IdGenerator; scheduler: TimerScheduler }

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

  // Which change of the case item, if any, goes with this comment (decided on the freshest case).
  const accompanyingChange = (fresh: Case, comment: Comment, now: Date) => {
    const at = now.toISOString()
    if (caller.kind === 'customer' && allowedActions(fresh.status, caller.role).includes('customer_reply')) {
      const { next, changes } = applyTransition(fresh, 'customer_reply', actor, now)
      const event = caseEvent(deps.ids, fresh, actor, at, {
        type: 'case.transitioned',
        action: 'customer_reply',
        changes,
        details: { commentId: comment.id },
      })
      return { next, event }
    }
    if (
      caller.kind === 'staff' &&
      comment.visibility === 'public' &&
      !fresh.firstResponseAt &&
      !isTerminal(fresh.status)
    ) {
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

  // One moment for the comment and whatever it changes, however often a race makes us decide again.
  const writtenAt = deps.clock.now()
  let plain: Comment | undefined
  const first = commentAt(writtenAt.toISOString())
  if (!accompanyingChange(current, first, writtenAt)) {
    plain = first
  } else {
    const atWrittenAt = { cases: deps.cases, clock: { now: () => writtenAt } }
    let sla: SlaContext | undefined
    const { change, before } = await changeCase(atWrittenAt, scopeOf(caller), caseId, async (fresh, now) => {
      sla ??= await loadSlaContext(fresh.accountId, deps)
      const comment = commentAt(now.toISOString())
      const accompanying = accompanyingChange(fresh, comment, now)
      if (!accompanying) {
        plain = comment
        return undefined
      }
      return {
        next: followSla(fresh, accompanying.next, sla),
        expectedVersion: fresh.version,
        events: [commentEvent(comment), accompanying.event],
        comment,
      }
    })
    if (change?.comment) {
      await syncTimers(before, change.next, deps)
      return change.comment
    }
  }
  // A plain comment: comment and event only, the case item is not written, so nothing can conflict.
  const comment = plain as Comment
  await deps.cases.addComment(comment, commentEvent(comment))
  return comment
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
