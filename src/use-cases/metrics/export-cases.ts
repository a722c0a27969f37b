import { ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { caseExporterRoles, isOneOf } from '#src/domain/metrics/access.ts'
import type { CasePage } from '#src/use-cases/ports/cases.ts'
import type { CaseExportQuery, CaseExportSource } from '#src/use-cases/ports/metrics.ts'

/**
 * One page of the case export: every account's cases created within the period, oldest first, so
 * a client that pages to the end has each case once even while new cases are filed.
 * 1. Only managers and admins export (403 for anyone else).
 * 2. Read one page of the monthly timeline, month by month over the period's range; the cursor
 *    continues where the last page stopped.
 */
export async function exportCases(
  query: CaseExportQuery,
  caller: Caller,
  deps: { caseExport: CaseExportSource },
): Promise<CasePage> {
  if (!isOneOf(caller.role, caseExporterRoles)) {
    throw new ForbiddenError(`The ${caller.role} role may not export cases.`)
  }
  return deps.caseExport.listCasesCreatedBetween(query)
}
