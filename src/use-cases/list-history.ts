import type { CaseEvent } from '#src/domain/case.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import { loadCase } from './case-events.ts'

/**
 * A case's history, oldest first: every change as an event (actor, time, action, before → after).
 * Customers don't see events about internal notes.
 */
export async function listHistory(
  caseId: string,
  page: PageRequest,
  caller: Caller,
  deps: { cases: CaseStore },
): Promise<Paged<CaseEvent>> {
  await loadCase(deps.cases, caller, caseId)
  return deps.cases.listEvents(caseId, { ...page, includeInternal: caller.kind === 'staff' })
}
