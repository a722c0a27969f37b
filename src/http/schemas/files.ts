import { CaseFileView, CaseFolder, maxFileBytes } from '#src/domain/case-file.ts'
import * as z from '#src/zod.ts'
import { caseIdParam, idOf, resourceId } from './common.ts'

/** `/`, `\` or a control character (U+0000–U+001F, U+007F): never part of a name. */
function hasPathOrControlCharacters(name: string): boolean {
  return [...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
}

/**
 * A file or folder name as people type it: any characters but path separators and control
 * characters, and not `.` or `..`. Names never reach a storage key; they only label the file.
 */
const nodeName = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((name) => !hasPathOrControlCharacters(name), 'must not contain /, \\ or control characters'),
    z.refine((name) => name !== '.' && name !== '..', 'must not be . or ..'),
  )

export const FileName = nodeName(255)

/** `type/subtype` without parameters: the upload form requires exactly this Content-Type. */
export const MediaType = z
  .string()
  .check(
    z.maxLength(255),
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/,
      'must be a media type like application/pdf (without parameters)',
    ),
  )

/** `POST /v1/cases/{caseId}/files`: what the client is about to upload. */
export const CreateFileBody = z.strictObject({
  name: FileName,
  size: z
    .number()
    .check(
      z.int(),
      z.minimum(1, 'must be at least 1 byte'),
      z.maximum(
        maxFileBytes,
        `must be at most ${maxFileBytes} bytes (10 MB): larger files cannot be uploaded`,
      ),
    ),
  contentType: MediaType,
  /** A folder id of this case; absent or null: the root. */
  folder: z.optional(z.nullable(resourceId)),
})
export type CreateFileBody = z.infer<typeof CreateFileBody>

export const FileIdParams = z.object({
  caseId: caseIdParam,
  fileId: idOf('The file or folder of that case'),
})

/** `PATCH /v1/cases/{caseId}/files/{fileId}`: rename and/or move (`folder: null` moves to the root). */
export const UpdateFileBody = z
  .strictObject({ name: z.optional(FileName), folder: z.optional(z.nullable(resourceId)) })
  .check(z.refine((body) => body.name !== undefined || body.folder !== undefined, 'names no field to change'))

/** `POST /v1/cases/{caseId}/folders`. */
export const CreateFolderBody = z.strictObject({
  name: nodeName(100),
  /** The parent folder's id; absent or null: the root. */
  parent: z.optional(z.nullable(resourceId)),
})

const UploadForm = z.object({
  /** POST a multipart/form-data body here: every field of `fields`, then the file as field `file`. */
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
})

export const FileUpload = z.object({ file: CaseFileView, upload: UploadForm })

export const FileDetail = z.object({
  file: CaseFileView,
  /** A short-lived link; null unless the file is available (and, where scanning is required, scanned clean). */
  download: z.nullable(z.object({ url: z.string(), expiresAt: z.iso.datetime() })),
  /** Where downloads wait for the malware scan: its verdict. */
  scan: z.optional(z.enum(['pending', 'clean', 'threats_found', 'failed'])),
})

export const FileTreeEntry = z.discriminatedUnion('kind', [
  z.extend(CaseFolder, { kind: z.literal('folder') }),
  z.extend(CaseFileView, { kind: z.literal('file') }),
])

export const FileTree = z.object({ items: z.array(FileTreeEntry), nextCursor: z.nullable(z.string()) })
