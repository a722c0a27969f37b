import { randomBytes } from 'node:crypto'
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import type { CaseFile, CaseFolder } from '#src/domain/case-file.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

interface UploadForm {
  url: string
  fields: Record<string, string>
  expiresAt: string
}
interface FileDetail {
  file: CaseFile
  download: { url: string; expiresAt: string } | null
}
type TreeEntry = ({ kind: 'file' } & CaseFile) | ({ kind: 'folder' } & CaseFolder)
interface HistoryEvent {
  type: string
  actor: { userId: string; role: string }
  details?: Record<string, unknown>
}

const api = useLocalApi()
const MB = 1024 * 1024

/** Posts the returned form as a browser or `curl -F` would: every field, then the file. */
async function postForm(upload: UploadForm, bytes: Buffer, contentType: string): Promise<Response> {
  const form = new FormData()
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value)
  form.append('file', new Blob([bytes], { type: contentType }), 'upload.bin')
  return fetch(upload.url, { method: 'POST', body: form })
}

describe('case files through the local runtime', () => {
  let alice = ''
  let gina = ''
  let sam = ''
  let caseId = ''
  let s3: S3Client

  const files = (path = '') => `/v1/cases/${caseId}/files${path}`

  /** Polls the file as a client would, until the server-side check has decided. */
  async function decided(fileId: string, token = alice): Promise<FileDetail> {
    const deadline = Date.now() + 10_000
    for (;;) {
      const read = await api.request<FileDetail>('GET', files(`/${fileId}`), { token })
      expect(read.status).toBe(200)
      if (read.body.file.status !== 'pending' || Date.now() > deadline) return read.body
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  async function startUpload(body: Record<string, unknown>, token = alice) {
    const created = await api.request<{ file: CaseFile; upload: UploadForm }>('POST', files(), {
      token,
      body,
    })
    expect(created.status).toBe(201)
    return created.body
  }

  /** Whether the local S3 still holds an object under this key. */
  async function objectExists(key: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: api.runtime.s3.bucket, Key: key }))
      return true
    } catch (error) {
      if ((error as Error).name === 'NotFound') return false
      throw error
    }
  }

  beforeAll(async () => {
    alice = await api.tokenFor('alice@acme.example')
    gina = await api.tokenFor('gina@globex.example')
    sam = await api.tokenFor('sam@vendor.example')
    const created = await api.request<Case>('POST', '/v1/cases', {
      token: alice,
      body: {
        title: 'Export fails',
        description: 'The nightly export fails; logs attached.',
        product: 'ERP',
      },
    })
    caseId = created.body.id
    s3 = new S3Client({
      region: 'us-east-1',
      endpoint: api.runtime.s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
  })

  it('a 1 MB file posted with the returned form becomes available and downloads byte-identical', async () => {
    // Arrange
    const bytes = randomBytes(MB)
    const started = performance.now()

    // Act
    const { file, upload } = await startUpload({ name: 'export.log', size: MB, contentType: 'text/plain' })
    const posted = await postForm(upload, bytes, 'text/plain')
    const detail = await decided(file.id)
    const download = await fetch(detail.download?.url ?? 'missing')
    const downloaded = Buffer.from(await download.arrayBuffer())
    const roundTripMs = performance.now() - started

    // Assert
    expect(file.status).toBe('pending')
    expect(upload.fields.key).toBe(`uploads/acme/${caseId}/${file.id}`)
    expect(new Date(upload.expiresAt).getTime()).toBeGreaterThan(Date.now())
    expect(posted.status).toBe(204)
    expect(detail.file).toMatchObject({ status: 'available', size: MB, declaredSize: MB })
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="export.log"/)
    expect(downloaded.equals(bytes)).toBe(true)
    expect(await objectExists(upload.fields.key as string)).toBe(false)
    console.log(`1 MB upload → check → download round trip: ${roundTripMs.toFixed(0)} ms`)
  })

  it('refuses a declared 11 MB file with a 400 naming the size, before any URL', async () => {
    const refused = await api.request<Problem & { upload?: unknown }>('POST', files(), {
      token: alice,
      body: { name: 'dump.bin', size: 11 * MB, contentType: 'application/octet-stream' },
    })

    expect(refused.status).toBe(400)
    expect(refused.headers.get('content-type')).toBe('application/problem+json')
    expect(refused.body.errors).toEqual([
      { pointer: '/size', detail: 'must be at most 10485760 bytes (10 MB): larger files cannot be uploaded' },
    ])
    expect(refused.body.upload).toBeUndefined()
  })

  it('rejects a file declared as 1 MB but posted with 11 MB, and its object is gone', async () => {
    // Arrange: the local S3 does not enforce the policy's content-length-range, so this gets through.
    const { file, upload } = await startUpload({ name: 'big.log', size: MB, contentType: 'text/plain' })

    // Act
    const posted = await postForm(upload, randomBytes(11 * MB), 'text/plain')
    const detail = await decided(file.id)
    const history = await api.request<Page<HistoryEvent>>('GET', `/v1/cases/${caseId}/history?limit=100`, {
      token: alice,
    })

    // Assert
    expect(posted.status).toBe(204)
    expect(detail.file).toMatchObject({
      status: 'rejected',
      size: 11 * MB,
      rejection: { reason: 'too_large', detail: expect.stringContaining('11 MB') },
    })
    expect(detail.download).toBeNull()
    expect(await objectExists(upload.fields.key as string)).toBe(false)
    expect(await objectExists(`files/acme/${caseId}/${file.id}`)).toBe(false)
    expect(history.body.items).toContainEqual(
      expect.objectContaining({ type: 'file.rejected', actor: { userId: 'system', role: 'system' } }),
    )
  })

  it('rejects an upload whose type is not the declared one, and an executable in disguise', async () => {
    const mismatch = await startUpload({ name: 'shot.txt', size: 100, contentType: 'text/plain' })
    const disguised = await startUpload({ name: 'invoice.pdf', size: 100, contentType: 'application/pdf' })

    // The local S3 ignores the policy's Content-Type condition as well.
    await postForm(
      { ...mismatch.upload, fields: { ...mismatch.upload.fields, 'Content-Type': 'image/png' } },
      randomBytes(100),
      'image/png',
    )
    await postForm(disguised.upload, Buffer.concat([Buffer.from('MZ'), randomBytes(98)]), 'application/pdf')

    expect((await decided(mismatch.file.id)).file.rejection?.reason).toBe('type_mismatch')
    expect((await decided(disguised.file.id)).file.rejection?.reason).toBe('blocked_type')
  })

  it('refuses executables by name or type before any URL', async () => {
    const byName = await api.request<Problem>('POST', files(), {
      token: alice,
      body: { name: 'setup.exe', size: 100, contentType: 'application/octet-stream' },
    })
    const byType = await api.request<Problem>('POST', files(), {
      token: alice,
      body: { name: 'setup', size: 100, contentType: 'application/x-msdownload' },
    })

    expect(byName.status).toBe(400)
    expect(byName.body.errors?.[0]?.pointer).toBe('/name')
    expect(byType.status).toBe(400)
    expect(byType.body.errors?.[0]?.pointer).toBe('/contentType')
  })

  it('a globex customer can neither list nor download nor change acme files', async () => {
    // Arrange
    const { file, upload } = await startUpload({ name: 'secret.txt', size: 5, contentType: 'text/plain' })
    await postForm(upload, Buffer.from('hello'), 'text/plain')
    expect((await decided(file.id)).file.status).toBe('available')

    // Act
    const list = await api.request<Problem>('GET', files(), { token: gina })
    const read = await api.request<Problem>('GET', files(`/${file.id}`), { token: gina })
    const rename = await api.request<Problem>('PATCH', files(`/${file.id}`), {
      token: gina,
      body: { name: 'x.txt' },
    })
    const remove = await api.request<Problem>('DELETE', files(`/${file.id}`), { token: gina })
    const upload2 = await api.request<Problem>('POST', files(), {
      token: gina,
      body: { name: 'a.txt', size: 5, contentType: 'text/plain' },
    })
    const folder = await api.request<Problem>('POST', `/v1/cases/${caseId}/folders`, {
      token: gina,
      body: { name: 'x' },
    })

    // Assert: the same 404 as for a case that does not exist, nothing about the file.
    for (const response of [list, read, rename, remove, upload2, folder]) {
      expect(response.status).toBe(404)
      expect(JSON.stringify(response.body)).not.toContain(file.id)
    }
  })

  it('keeps a folder tree: folders, files in them, moves and renames, each in the history', async () => {
    // Arrange
    const logs = await api.request<CaseFolder>('POST', `/v1/cases/${caseId}/folders`, {
      token: alice,
      body: { name: 'Logs' },
    })
    const nested = await api.request<CaseFolder>('POST', `/v1/cases/${caseId}/folders`, {
      token: sam,
      body: { name: '2026-11', parent: logs.body.id },
    })
    const { file, upload } = await startUpload({
      name: 'app.log',
      size: 3,
      contentType: 'text/plain',
      folder: nested.body.id,
    })
    await postForm(upload, Buffer.from('abc'), 'text/plain')
    await decided(file.id)

    // Act
    const moved = await api.request<CaseFile>('PATCH', files(`/${file.id}`), {
      token: alice,
      body: { name: 'app-2026-11-25.log', folder: logs.body.id },
    })
    const badMove = await api.request<Problem>('PATCH', files(`/${file.id}`), {
      token: alice,
      body: { folder: 'nope' },
    })
    const badParent = await api.request<Problem>('POST', `/v1/cases/${caseId}/folders`, {
      token: alice,
      body: { name: 'x', parent: 'nope' },
    })
    const tree = await api.request<Page<TreeEntry>>('GET', files('?limit=100'), { token: sam })
    const history = await api.request<Page<HistoryEvent>>('GET', `/v1/cases/${caseId}/history?limit=100`, {
      token: alice,
    })

    // Assert
    expect(logs.status).toBe(201)
    expect(nested.body).toMatchObject({ name: '2026-11', parentId: logs.body.id })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({
      name: 'app-2026-11-25.log',
      folderId: logs.body.id,
      status: 'available',
    })
    expect(badMove.status).toBe(400)
    expect(badParent.status).toBe(400)
    expect(tree.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'folder', id: logs.body.id, parentId: null }),
        expect.objectContaining({ kind: 'folder', id: nested.body.id, parentId: logs.body.id }),
        expect.objectContaining({ kind: 'file', id: file.id, folderId: logs.body.id }),
      ]),
    )
    expect(JSON.stringify(tree.body)).not.toContain('objectVersionId')
    const types = history.body.items.map((event) => event.type)
    expect(types).toEqual(expect.arrayContaining(['folder.created', 'file.uploaded', 'file.updated']))
  })

  it('deletes a file: the record stays as deleted, the object goes, the tree drops it', async () => {
    // Arrange
    const { file, upload } = await startUpload({ name: 'old.txt', size: 3, contentType: 'text/plain' })
    await postForm(upload, Buffer.from('old'), 'text/plain')
    await decided(file.id)
    const link = (await decided(file.id)).download?.url as string

    // Act
    const deleted = await api.request<CaseFile>('DELETE', files(`/${file.id}`), { token: alice })
    const again = await api.request<CaseFile>('DELETE', files(`/${file.id}`), { token: alice })
    const read = await api.request<FileDetail>('GET', files(`/${file.id}`), { token: alice })
    const tree = await api.request<Page<TreeEntry>>('GET', files('?limit=100'), { token: alice })

    // Assert
    expect(deleted.status).toBe(200)
    expect(deleted.body).toMatchObject({ status: 'deleted', deletedBy: expect.any(String) })
    expect(again.status).toBe(200)
    expect(read.body).toMatchObject({ file: { status: 'deleted' }, download: null })
    expect(tree.body.items.map((entry) => entry.id)).not.toContain(file.id)
    expect(await objectExists(`files/acme/${caseId}/${file.id}`)).toBe(false)
    expect((await fetch(link)).status).toBe(404)
  })

  it('lets a customer change only files of their own side; support may change all', async () => {
    const { file, upload } = await startUpload(
      { name: 'guide.pdf', size: 4, contentType: 'application/pdf' },
      sam,
    )
    await postForm(upload, Buffer.from('%PDF'), 'application/pdf')
    await decided(file.id, sam)

    const byAlice = await api.request<Problem>('DELETE', files(`/${file.id}`), { token: alice })
    const bySam = await api.request<CaseFile>('PATCH', files(`/${file.id}`), {
      token: sam,
      body: { name: 'Guide.pdf' },
    })

    expect(byAlice.status).toBe(403)
    expect(bySam.body.name).toBe('Guide.pdf')
  })
})
