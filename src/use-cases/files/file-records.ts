import type { Case, CaseEvent, FieldChange } from '#src/domain/case.ts'
import { blockedBy, type CaseFile } from '#src/domain/case-file.ts'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  StaleFileError,
  ValidationError,
} from '#src/domain/errors.ts'
import type { BlockedFileTypes } from '#src/domain/file-types.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Actor } from '#src/domain/lifecycle.ts'
import { isTerminal } from '#src/domain/lifecycle.ts'
import { customerRoles, type Role } from '#src/domain/vocabulary.ts'
import { loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog, FileChange, FileObjectRef } from '#src/use-cases/ports/files.ts'

/** Helpers shared by the file use cases: loading within the caller's scope, events, concurrency. */

export function fileRef(file: Pick<CaseFile, 'accountId' | 'caseId' | 'id'>): FileObjectRef {
  return { accountId: file.accountId, caseId: file.caseId, fileId: file.id }
}

/** A history event about the files of a case, in the case's event stream (audit trail and outbox). */
export function fileEvent(
  ids: IdGenerator,
  on: { caseId: string; accountId: string },
  actor: Actor,
  at: string,
  event: { type: string; action: string; changes?: FieldChange[]; details: Record<string, unknown> },
): CaseEvent {
  return {
    id: ids.newId(),
    caseId: on.caseId,
    accountId: on.accountId,
    type: event.type,
    action: event.action,
    actor,
    at,
    visibility: 'public',
    changes: event.changes ?? [],
    details: event.details,
  }
}

/**
 * A pending file made available (its object checked and in the files area), with the
 * `file.uploaded` event that tells both sides: by the uploader, whoever checked it.
 */
export function fileMadeAvailable(
  ids: IdGenerator,
  current: CaseFile,
  stored: { size: number; versionId?: string | undefined; source?: 'email' | undefined },
  at: string,
): FileChange {
  const next: CaseFile = {
    ...current,
    status: 'available',
    size: stored.size,
    availableAt: at,
    updatedAt: at,
    version: current.version + 1,
    ...(stored.versionId ? { objectVersionId: stored.versionId } : {}),
  }
  const uploader: Actor = { userId: current.uploadedBy, role: current.uploaderRole }
  const event = fileEvent(ids, current, uploader, at, {
    type: 'file.uploaded',
    action: 'upload',
    changes: [{ field: 'status', before: 'pending', after: 'available' }],
    details: {
      fileId: current.id,
      name: current.name,
      size: stored.size,
      contentType: current.contentType,
      folderId: current.folderId,
      ...(stored.source ? { source: stored.source } : {}),
    },
  })
  return { next, expectedVersion: current.version, events: [event] }
}

/** The case and one of its files as the caller may see them, or 404 (the same for missing and foreign). */
export async function loadCaseFile(
  deps: { cases: CaseStore; files: FileCatalog },
  caller: Caller,
  caseId: string,
  fileId: string,
): Promise<{ case: Case; file: CaseFile }> {
  const found = await loadCase(deps.cases, caller, caseId)
  const file = await deps.files.findFile(found.id, fileId)
  // The file lies in the case's partition; the account check is belt and braces.
  if (!file || file.accountId !== found.accountId)
    throw new NotFoundError(`Case ${found.number} has no file ${fileId}.`)
  return { case: found, file }
}

/**
 * Customers add to and rearrange the files of their open cases; once a case is closed or
 * cancelled its files are read-only for them (support may still tidy up), as for comments.
 */
export function assertCustomerMayChangeFiles(c: Case, caller: Caller): void {
  if (caller.kind === 'customer' && isTerminal(c.status))
    throw new ConflictError(
      `Case ${c.number} is ${c.status}: its files can no longer be changed. Please open a new case and mention ${c.number}.`,
    )
}

/** Both sides see every file, but a customer renames, moves or deletes only files the customer side uploaded. */
export function assertMayChangeFile(file: CaseFile, caller: Caller): void {
  if (caller.kind === 'customer' && !(customerRoles as readonly Role[]).includes(file.uploaderRole))
    throw new ForbiddenError('Files that support uploaded can only be changed by support.')
}

/** 400 naming the field, if the name or media type is blocked. */
export function assertNotBlocked(
  file: { name: string; contentType: string },
  blocked: BlockedFileTypes,
  pointers: { name: string; contentType: string } = { name: '/name', contentType: '/contentType' },
): void {
  const rule = blockedBy(file, blocked)
  if (rule)
    throw new ValidationError('This kind of file may not be uploaded.', [
      { pointer: pointers[rule.field], detail: rule.detail },
    ])
}

/** The folder a file goes into must be a folder of the same case (null: the root). */
export async function assertFolderOfCase(
  files: FileCatalog,
  caseId: string,
  folderId: string | null,
  pointer: string,
): Promise<void> {
  if (folderId === null) return
  if (!(await files.findFolder(caseId, folderId)))
    throw new ValidationError('The folder does not exist in this case.', [
      { pointer, detail: 'is not a folder of this case' },
    ])
}

const maxAttempts = 4

/**
 * Read–decide–write on a file record with optimistic concurrency, like `changeCase`: if another
 * writer (a rename, the upload check) got there first, `decide` runs again on the fresh record.
 * `decide` returns undefined when nothing needs to be written.
 */
export async function changeFile(
  deps: { files: FileCatalog; clock: Clock },
  caseId: string,
  fileId: string,
  decide: (current: CaseFile, now: Date) => FileChange | undefined | Promise<FileChange | undefined>,
): Promise<{ before: CaseFile; after: CaseFile }> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.files.findFile(caseId, fileId)
    if (!current) throw new NotFoundError(`There is no file ${fileId}.`)
    const change = await decide(current, deps.clock.now())
    if (!change) return { before: current, after: current }
    try {
      await deps.files.saveFileChange(change)
      return { before: current, after: change.next }
    } catch (error) {
      if (!(error instanceof StaleFileError)) throw error
      if (attempt === maxAttempts)
        throw new ConflictError('The file is being changed by others right now. Please retry.')
    }
  }
}
