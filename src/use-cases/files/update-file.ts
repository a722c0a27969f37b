import type { FieldChange } from '#src/domain/case.ts'
import type { CaseFile } from '#src/domain/case-file.ts'
import { ConflictError } from '#src/domain/errors.ts'
import type { BlockedFileTypes } from '#src/domain/file-types.ts'
import type { Caller } from '#src/domain/identity.ts'
import { actorOf } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog } from '#src/use-cases/ports/files.ts'
import {
  assertCustomerMayChangeFiles,
  assertFolderOfCase,
  assertMayChangeFile,
  assertNotBlocked,
  changeFile,
  fileEvent,
  loadCaseFile,
} from './file-records.ts'

export interface UpdateFileInput {
  name?: string | undefined
  /** The folder to move the file to; null: the case's root. */
  folder?: string | null | undefined
}

/**
 * Renames a file and/or moves it to another folder of the case.
 * 1. The case and the file within the caller's scope; customers change only files their side
 *    uploaded, and none of a closed case; a deleted file stays deleted.
 * 2. A new name is held to the blocked types like an upload; the target folder must exist.
 * 3. Save the file and its `file.updated` event (name and folder before → after) in one
 *    transaction, recomputed if the upload check changed the file meanwhile. No change, no write.
 */
export async function updateFile(
  caseId: string,
  fileId: string,
  input: UpdateFileInput,
  caller: Caller,
  deps: {
    cases: CaseStore
    files: FileCatalog
    fileRules: { blockedTypes: BlockedFileTypes }
    clock: Clock
    ids: IdGenerator
  },
): Promise<CaseFile> {
  const { case: found, file } = await loadCaseFile(deps, caller, caseId, fileId)
  assertCustomerMayChangeFiles(found, caller)
  assertMayChangeFile(file, caller)
  if (input.name !== undefined)
    assertNotBlocked({ name: input.name, contentType: file.contentType }, deps.fileRules.blockedTypes)
  if (input.folder !== undefined) await assertFolderOfCase(deps.files, found.id, input.folder, '/folder')

  const { after } = await changeFile(deps, found.id, file.id, (current, now) => {
    if (current.status === 'deleted') throw new ConflictError(`The file ${current.name} has been deleted.`)
    const changes: FieldChange[] = []
    if (input.name !== undefined && input.name !== current.name)
      changes.push({ field: 'name', before: current.name, after: input.name })
    if (input.folder !== undefined && input.folder !== current.folderId)
      changes.push({ field: 'folderId', before: current.folderId, after: input.folder })
    if (changes.length === 0) return undefined
    const at = now.toISOString()
    const next: CaseFile = {
      ...current,
      name: input.name ?? current.name,
      folderId: input.folder === undefined ? current.folderId : input.folder,
      updatedAt: at,
      version: current.version + 1,
    }
    const action = changes.length === 2 ? 'rename_and_move' : changes[0]?.field === 'name' ? 'rename' : 'move'
    const event = fileEvent(deps.ids, current, actorOf(caller), at, {
      type: 'file.updated',
      action,
      changes,
      details: { fileId: current.id, name: next.name },
    })
    return { next, expectedVersion: current.version, events: [event] }
  })
  return after
}
