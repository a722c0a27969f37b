import { ForbiddenError } from '#src/domain/errors.ts'
import { type AccessScope, type Caller, scopeOf } from '#src/domain/identity.ts'
import type { CaseStatus, Severity } from '#src/domain/vocabulary.ts'
import type { CasePage, CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, PageRequest } from '#src/use-cases/ports/common.ts'

/** Which cases to list: one page, optionally narrowed by status, severity, account and assignee. */
export interface ListCasesInput extends PageRequest {
  status?: CaseStatus | undefined
  severity?: Severity | undefined
  /** Staff only: one account. Customers always see their own account. */
  accountId?: string | undefined
  /** Staff only: `me`, or a staff member's id — the cases assigned to them. */
  assignee?: string | undefined
}

/**
 * Lists cases newest first.
 * 1. Decide the scope: customers their own account; staff everything, or one account if asked.
 * 2. Read one page of the matching timeline; the cursor continues it.
 */
export async function listCases(
  query: ListCasesInput,
  caller: Caller,
  deps: { cases: CaseStore; clock: Clock },
): Promise<CasePage> {
  let scope: AccessScope = scopeOf(caller)
  if (query.accountId !== undefined) {
    if (caller.kind === 'customer' && query.accountId !== caller.accountId) {
      throw new ForbiddenError('Customers see the cases of their own account only.')
    }
    scope = { kind: 'account', accountId: query.accountId }
  }
  let assigneeId: string | undefined
  if (query.assignee !== undefined) {
    if (caller.kind === 'customer')
      throw new ForbiddenError('Assignments are support’s: customers cannot filter by assignee.')
    assigneeId = query.assignee === 'me' ? caller.userId : query.assignee
  }
  return deps.cases.listCases({
    scope,
    assigneeId,
    status: query.status,
    severity: query.severity,
    limit: query.limit,
    cursor: query.cursor,
    now: deps.clock.now(),
  })
}
