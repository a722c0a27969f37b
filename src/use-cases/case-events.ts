import type { Case, CaseEvent, FieldChange } from '#src/domain/case.ts'
import { ConflictError, NotFoundError, StaleCaseError } from '#src/domain/errors.ts'
import { type AccessScope, type Caller, scopeOf } from '#src/domain/identity.ts'
import type { Actor } from '#src/domain/lifecycle.ts'
import type { CaseChange, CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'

/** The acting user as the lifecycle and the history see it. */
export function actorOf(caller: Caller): Actor {
  return { userId: caller.userId, role: caller.role }
}

/** Builds one history event about `c`. Every change to a case is saved together with such an event. */
export function caseEvent(
  ids: IdGenerator,
  c: Case,
  actor: Actor,
  at: string,
  event: {
    type: string
    action: string
    changes: FieldChange[]
    visibility?: CaseEvent['visibility']
    details?: Record<string, unknown>
  },
): CaseEvent {
  return {
    id: ids.newId(),
    caseId: c.id,
    accountId: c.accountId,
    type: event.type,
    action: event.action,
    actor,
    at,
    visibility: event.visibility ?? 'public',
    changes: event.changes,
    ...(event.details ? { details: event.details } : {}),
  }
}

/** The case as the caller may see it, or 404 (the same for a missing and a foreign case). */
export async function loadCase(cases: CaseStore, caller: Caller, caseId: string): Promise<Case> {
  const found = await cases.findCase(scopeOf(caller), caseId)
  if (!found) throw new NotFoundError(`There is no case ${caseId}.`)
  return found
}

/** How often a change based on a case that moved on is recomputed from the fresh case before giving up. */
const maxAttempts = 8

/**
 * A pause before recomputing: random up to 10 ms × 2^attempt, at most 200 ms ("full jitter"), so
 * that many writers racing for one case (a burst of comments) spread out instead of colliding
 * again at once. Eight attempts wait at most about 0.9 s in all, well within a route's time.
 */
function pauseBeforeAttempt(attempt: number): Promise<void> {
  const ceilingMs = Math.min(200, 10 * 2 ** attempt)
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs))
}

/**
 * Read–decide–write with optimistic concurrency: `decide` computes the change from the current
 * case; if another writer got there first, the case is read again (after a short random pause) and
 * `decide` runs again on the fresh state, so concurrent actions never overwrite each other (and an action that no longer
 * fits the new status is refused by `decide` itself). `decide` returns undefined when the fresh
 * case needs no change after all. A caller that has just read the case hands it in as `read`, and
 * the first decision is taken on it instead of reading it again (docs/performance.md).
 */
export async function changeCase<Decision extends CaseChange | undefined>(
  deps: { cases: CaseStore; clock: Clock },
  scope: AccessScope,
  caseId: string,
  decide: (current: Case, now: Date) => Decision | Promise<Decision>,
  read?: Case,
  /** How the change is written, when it writes more than the case's own items (a merge). */
  save: (change: NonNullable<Decision>, previous: Case) => Promise<void> = (change, previous) =>
    deps.cases.saveCaseChange(change, previous),
): Promise<{ change: Decision; before: Case }> {
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 && read ? read : await deps.cases.findCase(scope, caseId)
    if (!current) throw new NotFoundError(`There is no case ${caseId}.`)
    const change = await decide(current, deps.clock.now())
    // On the fresh case there may be nothing left to change: then nothing is written here.
    if (!change) return { change, before: current }
    try {
      await save(change, current)
      return { change, before: current }
    } catch (error) {
      if (!(error instanceof StaleCaseError)) throw error
      if (attempt === maxAttempts) {
        throw new ConflictError('The case is being changed by others right now. Please retry.')
      }
      await pauseBeforeAttempt(attempt)
    }
  }
}
