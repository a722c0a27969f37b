import { fieldFilterLabel, tagLabel } from '#src/domain/case-labels.ts'
import { ForbiddenError, ValidationError } from '#src/domain/errors.ts'
import { type AccessScope, type Caller, scopeOf } from '#src/domain/identity.ts'
import type { CaseStatus, Severity } from '#src/domain/vocabulary.ts'
import type { CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
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
  /** Staff only: the cases with this tag. */
  tag?: string | undefined
  /** `<key>:<value>`: the cases with this value of an enum, multi_enum or boolean custom field. */
  field?: string | undefined
}

/**
 * The one label a list filters by (docs/data-model.md, "Labels"): a tag (support's own: 403 for
 * customers, as `assignee`) or a value of a filterable custom field the caller may see, checked
 * against the catalogue (400 otherwise). One label per request: its index partition serves it.
 */
async function listLabelOf(
  query: { tag?: string | undefined; field?: string | undefined },
  caller: Caller,
  caseFields: CaseFieldCatalogue,
): Promise<string | undefined> {
  if (query.tag !== undefined && caller.kind === 'customer') {
    throw new ForbiddenError('Tags are support’s: customers cannot filter by tag.')
  }
  if (query.tag !== undefined && query.field !== undefined) {
    throw new ValidationError('A list filters by one tag or one custom field value at a time.', [
      { parameter: 'field', detail: 'cannot be combined with tag' },
    ])
  }
  if (query.tag !== undefined) return tagLabel(query.tag)
  if (query.field === undefined) return undefined
  const filter = fieldFilterLabel(query.field, await caseFields.listFields(), caller.kind)
  if (filter.error) throw new ValidationError('This custom field cannot filter the list.', [filter.error])
  return filter.label
}

/**
 * Lists cases newest first.
 * 1. Decide the scope: customers their own account; staff everything, or one account if asked.
 * 2. A tag or custom field filter reads that label's list (its index partition) instead.
 * 3. Read one page of the matching timeline; the cursor continues it.
 */
export async function listCases(
  query: ListCasesInput,
  caller: Caller,
  deps: { cases: CaseStore; clock: Clock; caseFields: CaseFieldCatalogue },
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
  const label = await listLabelOf(query, caller, deps.caseFields)
  return deps.cases.listCases({
    scope,
    label,
    assigneeId,
    status: query.status,
    severity: query.severity,
    limit: query.limit,
    cursor: query.cursor,
    now: deps.clock.now(),
  })
}
