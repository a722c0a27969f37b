import type { CaseFolder } from '#src/domain/case-file.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { actorOf, loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog } from '#src/use-cases/ports/files.ts'
import { assertCustomerMayChangeFiles, fileEvent } from './file-records.ts'

/**
 * Creates a folder in a case's file tree.
 * 1. Read the case within the caller's scope; customers change no files of a closed case.
 * 2. The parent, if named, must be a folder of this case.
 * 3. Write the folder and its `folder.created` event in one transaction.
 */
export async function createFolder(
  caseId: string,
  input: { name: string; parent?: string | null | undefined },
  caller: Caller,
  deps: { cases: CaseStore; files: FileCatalog; clock: Clock; ids: IdGenerator },
): Promise<CaseFolder> {
  const found = await loadCase(deps.cases, caller, caseId)
  assertCustomerMayChangeFiles(found, caller)
  const parentId = input.parent ?? null
  if (parentId !== null && !(await deps.files.findFolder(found.id, parentId)))
    throw new ValidationError('The parent folder does not exist in this case.', [
      { pointer: '/parent', detail: 'is not a folder of this case' },
    ])
  const at = deps.clock.now().toISOString()
  const folder: CaseFolder = {
    id: deps.ids.newId(),
    caseId: found.id,
    accountId: found.accountId,
    name: input.name,
    parentId,
    createdBy: caller.userId,
    createdAt: at,
  }
  const event = fileEvent(deps.ids, folder, actorOf(caller), at, {
    type: 'folder.created',
    action: 'create_folder',
    details: { folderId: folder.id, name: folder.name, parentId },
  })
  await deps.files.insertFolder(folder, event)
  return folder
}
