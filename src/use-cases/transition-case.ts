import type { Case, Resolution } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import { applyTransition, diffCases, type RequestableAction } from '#src/domain/lifecycle.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import { actorOf, caseEvent, changeCase } from './case-events.ts'
import { caseSlaContext, followSla, type SlaContext, type SlaDeps, withOutcomes } from './case-sla.ts'

export interface TransitionInput {
  action: RequestableAction
  /** A public message to the customer (required for `request_info`), stored as a public comment. */
  message?: string | undefined
  resolution?: Resolution | undefined
  reason?: string | undefined
}

/**
 * Whether the action tells the customer something (docs/sla.md): acknowledging, asking for
 * information, proposing a solution and closing, by support. They answer the first response, a
 * next reply and a periodic update.
 */
function isPublicStaffAction(action: RequestableAction, caller: Caller): boolean {
  return caller.kind === 'staff' && publicStaffActions.includes(action)
}
const publicStaffActions: readonly RequestableAction[] = [
  'acknowledge',
  'request_info',
  'propose_solution',
  'close',
]

export interface TransitionDeps extends SlaDeps {
  cases: CaseStore
  clock: Clock
  ids: IdGenerator
}

/**
 * Moves a case through its lifecycle.
 * 1. Read the case within the caller's scope (404 otherwise).
 * 2. Apply the action through the transition table (403 for a role that may never, 409 for a status
 *    that forbids it), and let the SLA clock follow (first response, pause, resume).
 * 3. Save the new case, its `case.transitioned` event and the message as a public comment, atomically;
 *    if the case changed meanwhile, decide again on the fresh case.
 * 4. Bring the case's timers in line (SLA warning/breach, pending closure, auto-close).
 */
export async function transitionCase(
  caseId: string,
  input: TransitionInput,
  caller: Caller,
  deps: TransitionDeps,
): Promise<Case> {
  const actor = actorOf(caller)
  let sla: SlaContext | undefined
  const { change } = await changeCase(deps, scopeOf(caller), caseId, async (current, now) => {
    const at = now.toISOString()
    sla ??= await caseSlaContext(current, deps)
    const transition = applyTransition(current, input.action, actor, now, { resolution: input.resolution })
    const { next, outcomes } = followSla(current, transition.next, sla, {
      publicStaffUpdate: isPublicStaffAction(input.action, caller),
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
    const withSla = withOutcomes(details, outcomes) ?? {}
    const event = caseEvent(deps.ids, current, actor, at, {
      type: 'case.transitioned',
      action: input.action,
      changes: diffCases(current, next),
      ...(Object.keys(withSla).length ? { details: withSla } : {}),
    })
    return { next, expectedVersion: current.version, events: [event], comment }
  })
  return change.next
}
