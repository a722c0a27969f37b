import type { CaselineClient } from './client.ts'
import { idempotent } from './idempotency.ts'
import { dataOf } from './problem-error.ts'
import type { CaseFile, CaseFileDetail, UploadForm } from './types.ts'

/** A file to attach to a case. */
export interface FileToUpload {
  /** The file's name as the case shows it (`export.log`). */
  name: string
  /** Its media type; the upload form allows exactly this one. */
  contentType: string
  content: Blob | Uint8Array
  /** The folder's id; the case's root when absent. */
  folder?: string | null
}

/** The storage refused the form post (the form expired, or the file broke its size or type conditions). */
export class UploadRejectedError extends Error {
  override readonly name = 'UploadRejectedError'

  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`the upload form's POST answered ${status}`)
  }
}

/**
 * Attaches a file to a case the way the API takes files (README.md, case files; docs/files.md):
 * asks for an upload form for exactly this name, size and type (idempotently, so a retry makes one
 * file), then posts the form's fields and the file straight to the storage, never through the API.
 * Resolves to the file's record, still `pending`: `waitUntilChecked` tells when it is `available`.
 * A refused request (too large, a blocked type) is a `ProblemError`.
 */
export async function uploadFile(
  client: CaselineClient,
  caseId: string,
  file: FileToUpload,
  options: { fetch?: typeof fetch } = {},
): Promise<CaseFile> {
  const blob =
    file.content instanceof Blob ? file.content : new Blob([file.content], { type: file.contentType })
  const created = await idempotent((key) =>
    client.POST('/v1/cases/{caseId}/files', {
      params: { path: { caseId }, header: { 'Idempotency-Key': key } },
      body: {
        name: file.name,
        size: blob.size,
        contentType: file.contentType,
        ...(file.folder !== undefined ? { folder: file.folder } : {}),
      },
    }),
  )
  await postUploadForm(created.upload, blob, file.name, options.fetch ?? fetch)
  return created.file
}

/** Posts a presigned form as a browser would: every returned field unchanged, the file last. */
async function postUploadForm(upload: UploadForm, file: Blob, name: string, fetchImpl: typeof fetch) {
  const form = new FormData()
  for (const [field, value] of Object.entries(upload.fields)) form.append(field, value)
  // The storage reads the fields before the file: it must be the form's last part.
  form.append('file', file, name)
  const response = await fetchImpl(upload.url, { method: 'POST', body: form })
  if (!response.ok) throw new UploadRejectedError(response.status, await response.text())
}

/**
 * Polls a file until the server-side check has decided (`available` or `rejected`), for at most
 * `timeoutMs` (10 s by default); resolves to the last answer either way.
 */
export async function waitUntilChecked(
  client: CaselineClient,
  caseId: string,
  fileId: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<CaseFileDetail> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000)
  for (;;) {
    const detail = dataOf(
      await client.GET('/v1/cases/{caseId}/files/{fileId}', { params: { path: { caseId, fileId } } }),
    )
    if (detail.file.status !== 'pending' || Date.now() > deadline) return detail
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100))
  }
}
