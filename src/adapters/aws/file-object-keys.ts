import type { FileObjectRef } from '#src/use-cases/ports/files.ts'

/**
 * Where case-file objects live in the bucket. Keys are built from ids only (account, case, file),
 * never from a file name, so a name can neither collide with another file nor traverse anywhere.
 *
 * - `uploads/…` is the quarantine: presigned POSTs write here, the file-ready handler checks
 *   what arrived, and a lifecycle rule removes whatever was never checked.
 * - `files/…` holds checked files only; downloads read from here, and only here is scanned for
 *   malware when GuardDuty Malware Protection is on.
 */
export const uploadPrefix = 'uploads/'
export const filesPrefix = 'files/'

const idPattern = /^[A-Za-z0-9_-]{1,64}$/

function pathOf(ref: FileObjectRef): string {
  for (const id of [ref.accountId, ref.caseId, ref.fileId]) {
    // Ids come from our own records; anything else here is a bug, not a user error.
    if (!idPattern.test(id)) throw new RangeError(`"${id}" cannot be part of an object key`)
  }
  return `${ref.accountId}/${ref.caseId}/${ref.fileId}`
}

/**
 * The prefixes under which one case's objects lie, in the upload and the files area: every object of
 * the case and nothing of another (the trailing `/` keeps `case-1` apart from `case-10`).
 */
export function caseObjectPrefixes(ref: { accountId: string; caseId: string }): string[] {
  for (const id of [ref.accountId, ref.caseId]) {
    if (!idPattern.test(id)) throw new RangeError(`"${id}" cannot be part of an object key`)
  }
  return [uploadPrefix, filesPrefix].map((area) => `${area}${ref.accountId}/${ref.caseId}/`)
}

export function uploadObjectKey(ref: FileObjectRef): string {
  return uploadPrefix + pathOf(ref)
}

export function fileObjectKey(ref: FileObjectRef): string {
  return filesPrefix + pathOf(ref)
}

/**
 * The file an upload key belongs to, or undefined for any key that is not an upload. S3
 * notifications carry keys URL-encoded (a space as `+`); ours never need encoding, but decode anyway.
 */
export function parseUploadKey(encodedKey: string): FileObjectRef | undefined {
  let key: string
  try {
    key = decodeURIComponent(encodedKey.replaceAll('+', ' '))
  } catch {
    return undefined
  }
  if (!key.startsWith(uploadPrefix)) return undefined
  const parts = key.slice(uploadPrefix.length).split('/')
  if (parts.length !== 3 || !parts.every((part) => idPattern.test(part))) return undefined
  const [accountId, caseId, fileId] = parts as [string, string, string]
  return { accountId, caseId, fileId }
}
