import {
  blockedBy,
  type CaseFile,
  formatBytes,
  maxFileBytes,
  mediaTypeEssence,
  type RejectionReason,
  sniffBytes,
  sniffExecutable,
} from '#src/domain/case-file.ts'
import type { BlockedFileTypes } from '#src/domain/file-types.ts'
import type { Actor } from '#src/domain/lifecycle.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog, FileObjectRef, FileStore, StoredObject } from '#src/use-cases/ports/files.ts'
import { changeFile, fileEvent, fileMadeAvailable } from './file-records.ts'

export type CheckOutcome =
  | { outcome: 'available'; size: number }
  | { outcome: 'rejected'; reason: RejectionReason; detail: string }
  /** Nothing to check: no record for the key, the file already decided or deleted, or the upload gone. */
  | { outcome: 'ignored'; reason: string }

const system: Actor = { userId: 'system', role: 'system' }

/** Why an uploaded object may not become the file, or undefined if it may. */
async function verdict(
  file: CaseFile,
  object: StoredObject,
  readStart: () => Promise<Uint8Array>,
  rules: { blockedTypes: BlockedFileTypes },
): Promise<{ reason: RejectionReason; detail: string } | undefined> {
  if (object.size === 0) return { reason: 'empty', detail: 'The upload is empty.' }
  if (object.size > maxFileBytes)
    return {
      reason: 'too_large',
      detail: `The upload has ${formatBytes(object.size)} (${object.size} bytes); files may be at most ${formatBytes(maxFileBytes)}.`,
    }
  const actualType = mediaTypeEssence(object.contentType ?? '')
  if (actualType !== mediaTypeEssence(file.contentType))
    return {
      reason: 'type_mismatch',
      detail: `The upload is of type ${actualType || 'unknown'}, not the declared ${mediaTypeEssence(file.contentType)}.`,
    }
  // The rules may have changed since the form was issued.
  const byDeclaration = blockedBy(file, rules.blockedTypes)
  if (byDeclaration)
    return { reason: 'blocked_type', detail: `The upload is blocked: ${byDeclaration.detail}.` }
  const sniffed = sniffExecutable(await readStart())
  if (sniffed && rules.blockedTypes.mediaTypes.includes(sniffed))
    return {
      reason: 'blocked_type',
      detail: `The upload is an executable (${sniffed}), which may not be uploaded.`,
    }
  return undefined
}

/**
 * The server-side check of an upload, run for every ObjectCreated notification of the upload
 * area (docs/files.md, "The server-side check"). The form's policy is the first line of defence;
 * this is the one that holds even where the policy is not enforced (the local S3) and for whatever
 * a form let through.
 * 1. Find the file the key names. No pending record (unknown, decided, deleted): the upload is
 *    not wanted, remove it.
 * 2. Measure the object (HeadObject): missing means a duplicate notification after the decision.
 * 3. Too large, empty, not the declared type, or a blocked type or executable: mark the file
 *    `rejected` with the reason and a `file.rejected` event, then remove the upload for good.
 * 4. Otherwise copy exactly the checked bytes into the files area, mark the file `available`
 *    with the real size and a `file.uploaded` event (one transaction), then remove the upload.
 * Each step is safe to repeat, so a retried or duplicated notification changes nothing more.
 */
export async function checkUpload(
  ref: FileObjectRef,
  deps: {
    files: FileCatalog
    fileStore: FileStore
    fileRules: { blockedTypes: BlockedFileTypes }
    clock: Clock
    ids: IdGenerator
  },
): Promise<CheckOutcome> {
  const file = await deps.files.findFile(ref.caseId, ref.fileId)
  if (!file || file.accountId !== ref.accountId) {
    await deps.fileStore.deleteUpload(ref)
    return { outcome: 'ignored', reason: 'no file record for this upload' }
  }
  if (file.status !== 'pending') {
    await deps.fileStore.deleteUpload(ref)
    return { outcome: 'ignored', reason: `file is already ${file.status}` }
  }
  const object = await deps.fileStore.headUpload(ref)
  if (!object) return { outcome: 'ignored', reason: 'the upload is gone (already handled)' }

  const rejection = await verdict(
    file,
    object,
    () => deps.fileStore.readUploadStart(ref, sniffBytes),
    deps.fileRules,
  )
  const promoted = rejection ? undefined : await deps.fileStore.promoteUpload(ref, object)

  let decided: CheckOutcome = { outcome: 'ignored', reason: 'file decided concurrently' }
  const { after } = await changeFile(deps, ref.caseId, ref.fileId, (current, now) => {
    if (current.status !== 'pending') return undefined
    const at = now.toISOString()
    if (rejection) {
      decided = { outcome: 'rejected', ...rejection }
      const next: CaseFile = {
        ...current,
        status: 'rejected',
        size: object.size,
        rejection,
        updatedAt: at,
        version: current.version + 1,
      }
      const event = fileEvent(deps.ids, current, system, at, {
        type: 'file.rejected',
        action: 'reject_upload',
        changes: [{ field: 'status', before: 'pending', after: 'rejected' }],
        details: { fileId: current.id, name: current.name, ...rejection },
      })
      return { next, expectedVersion: current.version, events: [event] }
    }
    decided = { outcome: 'available', size: object.size }
    return fileMadeAvailable(deps.ids, current, { size: object.size, versionId: promoted?.versionId }, at)
  })
  // Deleted while we checked: its copy must not outlive it.
  if (promoted && after.status === 'deleted') await deps.fileStore.deleteFile(ref)
  // Rejected: gone for good (the exact version, where versioned). Available: the checked copy lives on.
  await deps.fileStore.deleteUpload(ref, object.versionId)
  return decided
}
