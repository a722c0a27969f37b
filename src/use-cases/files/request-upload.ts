import { type CaseFile, formatBytes, maxFileBytes } from '#src/domain/case-file.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { BlockedFileTypes } from '#src/domain/file-types.ts'
import type { Caller } from '#src/domain/identity.ts'
import { loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog, FileStore, UploadForm } from '#src/use-cases/ports/files.ts'
import {
  assertCustomerMayChangeFiles,
  assertFolderOfCase,
  assertNotBlocked,
  fileRef,
} from './file-records.ts'

export interface RequestUploadInput {
  name: string
  /** Declared size in bytes; the server-side check measures the real one. */
  size: number
  contentType: string
  /** The folder to put the file in; absent or null: the case's root. */
  folder?: string | null | undefined
}

export interface RequestUploadDeps {
  cases: CaseStore
  files: FileCatalog
  fileStore: FileStore
  fileRules: { blockedTypes: BlockedFileTypes }
  clock: Clock
  ids: IdGenerator
}

/**
 * Starts an upload: a pending file record and a presigned POST form for exactly its object.
 * 1. Read the case within the caller's scope (another account's case is 404); customers add no
 *    files to closed or cancelled cases.
 * 2. Refuse, before any URL exists, a declared size over 10 MB and blocked types (by media type or
 *    by name).
 * 3. The folder, if named, must be a folder of this case.
 * 4. Write the pending record first, so the check that follows the upload always finds it.
 * 5. Presign the form: the key from the ids, 1 byte to 10 MB, the declared media type, 5 minutes.
 */
export async function requestUpload(
  caseId: string,
  input: RequestUploadInput,
  caller: Caller,
  deps: RequestUploadDeps,
): Promise<{ file: CaseFile; upload: UploadForm }> {
  const found = await loadCase(deps.cases, caller, caseId)
  assertCustomerMayChangeFiles(found, caller)
  if (input.size > maxFileBytes)
    throw new ValidationError(`Files may be at most ${formatBytes(maxFileBytes)}.`, [
      { pointer: '/size', detail: `must be at most ${maxFileBytes} bytes (10 MB)` },
    ])
  assertNotBlocked(input, deps.fileRules.blockedTypes)
  const folderId = input.folder ?? null
  await assertFolderOfCase(deps.files, found.id, folderId, '/folder')

  const at = deps.clock.now().toISOString()
  const file: CaseFile = {
    id: deps.ids.newId(),
    caseId: found.id,
    accountId: found.accountId,
    folderId,
    name: input.name,
    contentType: input.contentType,
    declaredSize: input.size,
    status: 'pending',
    uploadedBy: caller.userId,
    uploaderRole: caller.role,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
  await deps.files.insertFile(file)
  const upload = await deps.fileStore.presignUpload(fileRef(file), { contentType: file.contentType })
  return { file, upload }
}
