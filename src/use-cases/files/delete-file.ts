import type { CaseFile } from '#src/domain/case-file.ts'
import type { Caller } from '#src/domain/identity.ts'
import { actorOf } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog, FileStore } from '#src/use-cases/ports/files.ts'
import {
  assertCustomerMayChangeFiles,
  assertMayChangeFile,
  changeFile,
  fileEvent,
  fileRef,
  loadCaseFile,
} from './file-records.ts'

/**
 * Deletes a file: the record stays (status `deleted`, who and when) and its history event is
 * written with it; the object is removed from storage.
 * 1. The case and the file within the caller's scope; customers delete only files their side
 *    uploaded, and none of a closed case.
 * 2. Mark the record deleted together with its `file.deleted` event (the truth first).
 * 3. Remove the object, and any upload still waiting to be checked. Deleting again repeats only
 *    this step, so a DELETE that failed halfway is completed by its retry.
 */
export async function deleteFile(
  caseId: string,
  fileId: string,
  caller: Caller,
  deps: { cases: CaseStore; files: FileCatalog; fileStore: FileStore; clock: Clock; ids: IdGenerator },
): Promise<CaseFile> {
  const { case: found, file } = await loadCaseFile(deps, caller, caseId, fileId)
  assertCustomerMayChangeFiles(found, caller)
  assertMayChangeFile(file, caller)

  const { after } = await changeFile(deps, found.id, file.id, (current, now) => {
    if (current.status === 'deleted') return undefined
    const at = now.toISOString()
    const next: CaseFile = {
      ...current,
      status: 'deleted',
      deletedAt: at,
      deletedBy: caller.userId,
      updatedAt: at,
      version: current.version + 1,
    }
    const event = fileEvent(deps.ids, current, actorOf(caller), at, {
      type: 'file.deleted',
      action: 'delete',
      changes: [{ field: 'status', before: current.status, after: 'deleted' }],
      details: { fileId: current.id, name: current.name },
    })
    return { next, expectedVersion: current.version, events: [event] }
  })
  // Whatever the status was: an available file has its object, a pending one maybe an upload.
  await Promise.all([deps.fileStore.deleteFile(fileRef(after)), deps.fileStore.deleteUpload(fileRef(after))])
  return after
}
