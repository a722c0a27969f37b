import type { Case } from '#src/domain/case.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'

/**
 * Reads one case.
 * 1. Look the case up within the caller's scope (a customer's own account; staff: all).
 * 2. Absent or foreign: 404, the same answer either way, so ids of other tenants reveal nothing.
 */
export async function getCase(caseId: string, caller: Caller, deps: { cases: CaseStore }): Promise<Case> {
  const found = await deps.cases.findCase(scopeOf(caller), caseId)
  if (!found) throw new NotFoundError(`There is no case ${caseId}.`)
  return found
}
