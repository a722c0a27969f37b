import type { CaseLink } from '#src/domain/case-link.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import { loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { CaseLinkStore } from '#src/use-cases/ports/links.ts'

/**
 * A case's links as this case sees them (the inverse kind for links made on the other case).
 * 1. Read the case within the caller's scope (another account's case is 404).
 * 2. One Query of the case's partition; a customer's leaves out links to another account's case
 *    (the other case's account is on each link, so nothing else is read).
 */
export async function listCaseLinks(
  caseId: string,
  page: PageRequest,
  caller: Caller,
  deps: { cases: CaseStore; links: CaseLinkStore },
): Promise<Paged<CaseLink>> {
  const found = await loadCase(deps.cases, caller, caseId)
  return deps.links.listLinks(scopeOf(caller), found.id, page)
}
