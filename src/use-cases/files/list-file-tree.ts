import type { Caller } from '#src/domain/identity.ts'
import { loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { FileCatalog, FileTreeEntry } from '#src/use-cases/ports/files.ts'

/**
 * A case's folder tree: its folders and its files (pending, available, rejected; deleted ones only
 * in the history), one paged list. Both sides see the same tree; another account's case is 404.
 */
export async function listFileTree(
  caseId: string,
  page: PageRequest,
  caller: Caller,
  deps: { cases: CaseStore; files: FileCatalog },
): Promise<Paged<FileTreeEntry>> {
  const found = await loadCase(deps.cases, caller, caseId)
  return deps.files.listTree(found.id, page)
}
