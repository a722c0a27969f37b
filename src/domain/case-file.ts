import * as z from '#src/zod.ts'
import type { BlockedFileTypes } from './file-types.ts'
import { Role } from './vocabulary.ts'

/** At most 10 MB per file (docs/files.md): 10 × 1024 × 1024 bytes. */
export const maxFileBytes = 10 * 1024 * 1024

/** How long an upload form may be used: long enough for 10 MB on a slow line, short enough not to be passed around. */
export const uploadFormLifetimeSeconds = 5 * 60

/** How long a download link works: the client follows it at once. */
export const downloadLinkLifetimeSeconds = 2 * 60

/**
 * A file's life: `pending` until the upload is checked on the server, then `available` or
 * `rejected`; `deleted` when someone removes it (the record stays, the object goes).
 */
export const FileStatus = z.enum(['pending', 'available', 'rejected', 'deleted'])
export type FileStatus = z.infer<typeof FileStatus>

/** Why the server-side check refused an upload. */
export const RejectionReason = z.enum(['too_large', 'empty', 'type_mismatch', 'blocked_type'])
export type RejectionReason = z.infer<typeof RejectionReason>

/**
 * A file of a case, in the case's folder tree. The object in storage is found by its ids alone
 * (account, case, file), never by its name, so names may be anything a person types.
 */
export const CaseFile = z.object({
  id: z.string(),
  caseId: z.string(),
  accountId: z.string(),
  /** The folder it lies in; null: the case's root folder. */
  folderId: z.nullable(z.string()),
  name: z.string(),
  /** The media type the uploader declared; the upload form and the server-side check hold it to this. */
  contentType: z.string(),
  declaredSize: z.int().check(z.positive()),
  /** The real size, measured on the server once the upload arrived. */
  size: z.optional(z.int().check(z.nonnegative())),
  status: FileStatus,
  rejection: z.optional(z.object({ reason: RejectionReason, detail: z.string() })),
  uploadedBy: z.string(),
  uploaderRole: Role,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  availableAt: z.optional(z.iso.datetime()),
  deletedAt: z.optional(z.iso.datetime()),
  deletedBy: z.optional(z.string()),
  /** Storage detail: the version of the checked object, so a download always serves what was checked. */
  objectVersionId: z.optional(z.string()),
  version: z.int().check(z.positive()),
})
export type CaseFile = z.infer<typeof CaseFile>

/** A file as the API shows it: without storage details. */
export const CaseFileView = z.omit(CaseFile, { objectVersionId: true })

/** A folder of a case's file tree. Folders are created, never moved, so the tree cannot form a cycle. */
export const CaseFolder = z.object({
  id: z.string(),
  caseId: z.string(),
  accountId: z.string(),
  name: z.string(),
  /** The parent folder; null: the case's root. */
  parentId: z.nullable(z.string()),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
})
export type CaseFolder = z.infer<typeof CaseFolder>

/** `Text/Plain; charset=utf-8` → `text/plain`: the part of a media type that names the type. */
export function mediaTypeEssence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}

function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot).toLowerCase() : undefined
}

/** Which rule, if any, blocks a file of this name and media type. */
export function blockedBy(
  file: { name: string; contentType: string },
  blocked: BlockedFileTypes,
): { field: 'name' | 'contentType'; detail: string } | undefined {
  const essence = mediaTypeEssence(file.contentType)
  if (blocked.mediaTypes.includes(essence))
    return { field: 'contentType', detail: `files of type ${essence} may not be uploaded` }
  const extension = extensionOf(file.name.trim())
  if (extension && blocked.extensions.includes(extension))
    return { field: 'name', detail: `files ending in ${extension} may not be uploaded` }
  return undefined
}

/**
 * The media type of a native executable, recognised by its first bytes (PE, ELF, Mach-O), whatever
 * the uploader declared. Scripts are text and are judged by their declared type and name only.
 */
export function sniffExecutable(start: Uint8Array): string | undefined {
  const b = (i: number) => start[i] ?? -1
  if (b(0) === 0x4d && b(1) === 0x5a) return 'application/vnd.microsoft.portable-executable'
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return 'application/x-elf'
  const magic = ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0
  // 32/64-bit Mach-O in either byte order (0xCAFEBABE is left out: it is also every Java class file).
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) return 'application/x-mach-binary'
  return undefined
}

/** How many leading bytes `sniffExecutable` looks at. */
export const sniffBytes = 8

/** 10485760 → `10 MB`, 1536 → `1.5 KB`: sizes as people read them in messages. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`
}
