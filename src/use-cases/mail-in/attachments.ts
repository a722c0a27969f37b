import type { Case } from '#src/domain/case.ts'
import {
  blockedBy,
  type CaseFile,
  formatBytes,
  maxFileBytes,
  sniffBytes,
  sniffExecutable,
} from '#src/domain/case-file.ts'
import type { Contact } from '#src/domain/directory.ts'
import type { BlockedFileTypes } from '#src/domain/file-types.ts'
import type { InboundAttachment } from '#src/domain/inbound-mail.ts'
import type { Actor } from '#src/domain/lifecycle.ts'
import { changeFile, fileMadeAvailable } from '#src/use-cases/files/file-records.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog, FileStore } from '#src/use-cases/ports/files.ts'
import { derivedId } from './derived-id.ts'

/** An attachment that may become a case file, with the name and media type it will carry. */
export interface AcceptedAttachment {
  /** Its position in the message: with the message id, it names the file, so a retry finds it. */
  index: number
  name: string
  mediaType: string
  content: Uint8Array
}

export interface ScreenedAttachments {
  accepted: AcceptedAttachment[]
  /** One sentence per attachment that was not added, naming it and saying why (for the comment). */
  refused: string[]
}

/** A mail with more attachments than this is unusual; the rest are named, not stored, so one mail cannot flood a case. */
export const maxAttachmentsPerMail = 20

const extensions: Record<string, string> = {
  'text/plain': '.txt',
  'text/html': '.html',
  'text/csv': '.csv',
  'text/calendar': '.ics',
  'message/rfc822': '.eml',
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'application/json': '.json',
  'application/xml': '.xml',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
}

const mediaTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/
const maxNameLength = 255

/**
 * The name a file gets: the sender's, with path separators and control characters replaced (as the
 * upload API refuses them), or `attachment-<n>.<ext>` for an unnamed part (an inline screenshot).
 */
export function attachmentFileName(fileName: string | undefined, index: number, mediaType: string): string {
  const cleaned = [...(fileName ?? '')]
    .map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '_' : c))
    .join('')
    .trim()
  const name =
    cleaned === '' || cleaned === '.' || cleaned === '..'
      ? `attachment-${index + 1}${extensions[mediaType] ?? ''}`
      : cleaned
  if (name.length <= maxNameLength) return name
  const extension = /\.[A-Za-z0-9]{1,16}$/.exec(name)?.[0] ?? ''
  return name.slice(0, maxNameLength - extension.length) + extension
}

/**
 * Decides which attachments become case files, by the rules uploads follow: at most 10 MB, not
 * empty, no blocked type by media type, name or content (executables). Sizes are measured, not
 * declared: the bytes are at hand.
 */
export function screenAttachments(
  attachments: readonly InboundAttachment[],
  blocked: BlockedFileTypes,
): ScreenedAttachments {
  const accepted: AcceptedAttachment[] = []
  const refused: string[] = []
  attachments.forEach((attachment, index) => {
    const mediaType = mediaTypePattern.test(attachment.mediaType)
      ? attachment.mediaType
      : 'application/octet-stream'
    const name = attachmentFileName(attachment.fileName, index, mediaType)
    const why =
      refusalOf(attachment.content, name, mediaType, blocked) ??
      (accepted.length === maxAttachmentsPerMail
        ? `was not added: at most ${maxAttachmentsPerMail} attachments of one e-mail become case files.`
        : undefined)
    if (why) refused.push(`Attachment "${name}" ${why}`)
    else accepted.push({ index, name, mediaType, content: attachment.content })
  })
  return { accepted, refused }
}

/** Why an attachment may not become a case file (the end of a sentence naming it), or undefined if it may. */
function refusalOf(
  content: Uint8Array,
  name: string,
  mediaType: string,
  blocked: BlockedFileTypes,
): string | undefined {
  const size = content.byteLength
  if (size === 0) return 'was not added: it is empty.'
  if (size > maxFileBytes)
    return `(${formatBytes(size)}) was not added: files may be at most ${formatBytes(maxFileBytes)}.`
  const rule = blockedBy({ name, contentType: mediaType }, blocked)
  if (rule) return `was not added: ${rule.detail}.`
  const sniffed = sniffExecutable(content.subarray(0, sniffBytes))
  if (sniffed && blocked.mediaTypes.includes(sniffed))
    return `was not added: it is an executable (${sniffed}), which may not be uploaded.`
  return undefined
}

export interface StoreAttachmentDeps {
  files: FileCatalog
  fileStore: FileStore
  clock: Clock
  ids: IdGenerator
}

/**
 * Makes an accepted attachment a case file in the case's root folder, uploaded by the contact.
 * 1. A file of this message and position that is no longer pending was stored by an earlier
 *    attempt: nothing to do.
 * 2. Write the bytes straight into the files area (they were checked in memory; there is no
 *    quarantine step to wait for).
 * 3. Record the file as pending (unless an earlier attempt did), then mark it available with a
 *    `file.uploaded` event in one transaction, as the upload check does.
 */
export async function storeAttachment(
  target: Case,
  attachment: AcceptedAttachment,
  uploader: Contact,
  messageId: string,
  deps: StoreAttachmentDeps,
): Promise<void> {
  const fileId = derivedId(`file:${messageId}:${attachment.index}`)
  const existing = await deps.files.findFile(target.id, fileId)
  if (existing && existing.status !== 'pending') return
  const size = attachment.content.byteLength
  const ref = { accountId: target.accountId, caseId: target.id, fileId }
  const { versionId } = await deps.fileStore.storeFile(ref, attachment.content, attachment.mediaType)
  if (!existing) {
    const at = deps.clock.now().toISOString()
    const pending: CaseFile = {
      id: fileId,
      caseId: target.id,
      accountId: target.accountId,
      folderId: null,
      name: attachment.name,
      contentType: attachment.mediaType,
      declaredSize: size,
      status: 'pending',
      uploadedBy: uploader.id,
      uploaderRole: uploader.role,
      createdAt: at,
      updatedAt: at,
      version: 1,
    }
    await deps.files.insertFile(pending)
  }
  const _actor: Actor = { userId: uploader.id, role: uploader.role }
  await changeFile(deps, target.id, fileId, (current, now) => {
    if (current.status !== 'pending') return undefined
    return fileMadeAvailable(deps.ids, current, { size, versionId, source: 'email' }, now.toISOString())
  })
}
