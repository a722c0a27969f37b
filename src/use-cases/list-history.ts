import type { CaseEvent } from '#src/domain/case.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'

/**
 * A case's history, oldest first: every change as an event (actor, time, action, before → after).
 * Customers don't see events about internal notes.
 * 1. One read: the store checks the case's scope on the first page (404 for a missing or another
 *    account's case, as `loadCase`); a later page's cursor is bound to the scope it was issued for.
 */
export async function listHistory(
  caseId: string,
  page: PageRequest,
  caller: Caller,
  deps: { cases: CaseStore },
): Promise<Paged<CaseEvent>> {
  const events = await deps.cases.listEvents(scopeOf(caller), caseId, {
    ...page,
    includeInternal: caller.kind === 'staff',
  })
  if (!events) throw new NotFoundError(`There is no case ${caseId}.`)
  return events
}
