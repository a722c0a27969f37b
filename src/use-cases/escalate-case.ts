import { type Case, escalationLevelNames, maxEscalationLevel } from '#src/domain/case.ts'
import { ConflictError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import { diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import { actorOf, caseEvent, changeCase } from './case-events.ts'

/**
 * Escalates a case one level (1 lead customer-service manager … 4 chief operating officer).
 * 1. Read the case within the caller's scope.
 * 2. Refuse a closed or cancelled case, and a case already at the top level (409).
 * 3. Raise the level and record the reason in the history, atomically.
 */
export async function escalateCase(
  caseId: string,
  input: { reason: string },
  caller: Caller,
  deps: { cases: CaseStore; clock: Clock; ids: IdGenerator },
): Promise<Case> {
  const { change } = await changeCase(deps, scopeOf(caller), caseId, (current, now) => {
    if (isTerminal(current.status)) {
      throw new ConflictError(`Case ${current.number} is ${current.status} and can no longer be escalated.`)
    }
    if (current.escalationLevel >= maxEscalationLevel) {
      throw new ConflictError(
        `Case ${current.number} is already escalated to the highest level (${escalationLevelNames[maxEscalationLevel]}).`,
      )
    }
    const at = now.toISOString()
    const level = current.escalationLevel + 1
    const next: Case = { ...current, escalationLevel: level, version: current.version + 1, updatedAt: at }
    const event = caseEvent(deps.ids, current, actorOf(caller), at, {
      type: 'case.escalated',
      action: 'escalate',
      changes: diffCases(current, next),
      details: { level, levelName: escalationLevelNames[level], reason: input.reason },
    })
    return { next, expectedVersion: current.version, events: [event] }
  })
  return change.next
}
