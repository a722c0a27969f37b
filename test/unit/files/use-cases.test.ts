import { describe, expect, it } from 'vitest'
import { maxFileBytes } from '#src/domain/case-file.ts'
import { checkUpload } from '#src/use-cases/files/check-upload.ts'
import { createFolder } from '#src/use-cases/files/create-folder.ts'
import { deleteFile } from '#src/use-cases/files/delete-file.ts'
import { getFile } from '#src/use-cases/files/get-file.ts'
import { listFileTree } from '#src/use-cases/files/list-file-tree.ts'
import { requestUpload } from '#src/use-cases/files/request-upload.ts'
import { updateFile } from '#src/use-cases/files/update-file.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseStore,
  now,
  sequentialIds,
} from '../fakes/core.ts'
import { aFile, aFolder, FakeFileStore, fileRules, InMemoryFileCatalog } from '../fakes/files.ts'

const gina = aCustomer({ userId: 'gina', accountId: 'globex', email: 'gina@globex.example' })
const alice = aCustomer()
const sam = aStaffMember()
const ref = { accountId: 'acme', caseId: 'case-1', fileId: 'file-1' }

function world(options: { files?: ReturnType<typeof aFile>[]; caseStatus?: 'new' | 'closed' } = {}) {
  const files = new InMemoryFileCatalog({ files: options.files, folders: [aFolder()] })
  const fileStore = new FakeFileStore()
  return {
    files,
    fileStore,
    deps: {
      cases: new InMemoryCaseStore({ cases: [aCase({ status: options.caseStatus ?? 'new' })] }),
      files,
      fileStore,
      fileRules,
      clock: fixedClock(),
      ids: sequentialIds(),
    },
  }
}

const upload = { name: 'export.log', size: 1_048_576, contentType: 'text/plain' }

describe('requestUpload', () => {
  it('writes a pending file, then presigns the form for exactly its object', async () => {
    // Arrange
    const { deps, files, fileStore } = world()

    // Act
    const { file, upload: form } = await requestUpload(
      'case-1',
      { ...upload, folder: 'folder-1' },
      alice,
      deps,
    )

    // Assert
    expect(file).toMatchObject({
      id: 'id-1',
      caseId: 'case-1',
      accountId: 'acme',
      folderId: 'folder-1',
      name: 'export.log',
      declaredSize: 1_048_576,
      status: 'pending',
      uploadedBy: 'alice',
      uploaderRole: 'customer',
      version: 1,
    })
    expect(files.files.get('id-1')).toEqual(file)
    expect(fileStore.calls).toEqual(['presignUpload acme/case-1/id-1 text/plain'])
    expect(form.fields.key).toBe('uploads/acme/case-1/id-1')
    expect(files.events).toEqual([])
  })

  it("answers 404 for another account's case, before anything is written", async () => {
    const { deps, files, fileStore } = world()

    await expect(requestUpload('case-1', upload, gina, deps)).rejects.toMatchObject({ status: 404 })
    expect(files.files.size).toBe(0)
    expect(fileStore.calls).toEqual([])
  })

  it('refuses a declared size over 10 MB with a 400 before any URL', async () => {
    const { deps, fileStore } = world()

    await expect(
      requestUpload('case-1', { ...upload, size: maxFileBytes + 1 }, alice, deps),
    ).rejects.toMatchObject({
      status: 400,
      errors: [{ pointer: '/size', detail: expect.stringContaining('10485760') }],
    })
    expect(fileStore.calls).toEqual([])
  })

  it('refuses blocked types by name and by media type', async () => {
    const { deps } = world()

    await expect(requestUpload('case-1', { ...upload, name: 'fix.bat' }, alice, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ pointer: '/name' }],
    })
    await expect(
      requestUpload('case-1', { ...upload, contentType: 'application/x-msdownload' }, alice, deps),
    ).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/contentType' }] })
  })

  it('refuses a folder of another case', async () => {
    const { deps } = world()

    await expect(requestUpload('case-1', { ...upload, folder: 'nope' }, alice, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ pointer: '/folder', detail: 'is not a folder of this case' }],
    })
  })

  it('lets no customer add files to a closed case, but support may', async () => {
    const { deps } = world({ caseStatus: 'closed' })

    await expect(requestUpload('case-1', upload, alice, deps)).rejects.toMatchObject({ status: 409 })
    await expect(requestUpload('case-1', upload, sam, deps)).resolves.toMatchObject({
      file: { status: 'pending' },
    })
  })
})

describe('checkUpload', () => {
  it('makes a fitting upload available: promotes it, records the real size with an event, removes the upload', async () => {
    // Arrange
    const { deps, files, fileStore } = world({ files: [aFile()] })
    fileStore.upload(ref, { size: 1_000_000, contentType: 'text/plain', versionId: 'v-up', etag: '"e"' })

    // Act
    const outcome = await checkUpload(ref, deps)

    // Assert
    expect(outcome).toEqual({ outcome: 'available', size: 1_000_000 })
    expect(files.files.get('file-1')).toMatchObject({
      status: 'available',
      size: 1_000_000,
      availableAt: now.toISOString(),
      objectVersionId: 'v-checked',
      version: 2,
    })
    expect(files.events).toEqual([
      expect.objectContaining({
        type: 'file.uploaded',
        action: 'upload',
        caseId: 'case-1',
        actor: { userId: 'alice', role: 'customer' },
        visibility: 'public',
        details: expect.objectContaining({ fileId: 'file-1', size: 1_000_000 }),
      }),
    ])
    expect(fileStore.calls).toEqual([
      'headUpload acme/case-1/file-1',
      'readUploadStart acme/case-1/file-1',
      'promoteUpload acme/case-1/file-1',
      'deleteUpload acme/case-1/file-1 v-up',
    ])
  })

  it.each([
    ['over the limit', { size: 11 * 1024 * 1024, contentType: 'text/plain' }, 'too_large', /11 MB/],
    ['empty', { size: 0, contentType: 'text/plain' }, 'empty', /empty/],
    [
      'not of the declared type',
      { size: 10, contentType: 'image/png' },
      'type_mismatch',
      /image\/png, not the declared text\/plain/,
    ],
    ['without a type', { size: 10, contentType: undefined }, 'type_mismatch', /unknown/],
  ] as const)(
    'rejects an upload %s: record first (with event), then the object goes for good',
    async (_, object, reason, detail) => {
      // Arrange
      const { deps, files, fileStore } = world({ files: [aFile()] })
      fileStore.upload(ref, { ...object, versionId: 'v-up' })

      // Act
      const outcome = await checkUpload(ref, deps)

      // Assert
      expect(outcome).toMatchObject({ outcome: 'rejected', reason })
      expect(files.files.get('file-1')).toMatchObject({
        status: 'rejected',
        rejection: { reason, detail: expect.stringMatching(detail) },
      })
      expect(files.events).toEqual([
        expect.objectContaining({ type: 'file.rejected', actor: { userId: 'system', role: 'system' } }),
      ])
      expect(fileStore.calls).not.toContain('promoteUpload acme/case-1/file-1')
      expect(fileStore.calls.at(-1)).toBe('deleteUpload acme/case-1/file-1 v-up')
      expect(fileStore.uploads.size).toBe(0)
    },
  )

  it('rejects an executable disguised as a document', async () => {
    const { deps, files, fileStore } = world({
      files: [aFile({ name: 'invoice.pdf', contentType: 'application/pdf' })],
    })
    fileStore.upload(
      ref,
      { size: 4096, contentType: 'application/pdf' },
      new Uint8Array([0x4d, 0x5a, 0x90, 0]),
    )

    const outcome = await checkUpload(ref, deps)

    expect(outcome).toMatchObject({ outcome: 'rejected', reason: 'blocked_type' })
    expect(files.files.get('file-1')?.rejection?.detail).toMatch(/executable/)
  })

  it('only removes the upload when the file is no longer pending (a late or repeated upload)', async () => {
    const { deps, files, fileStore } = world({ files: [aFile({ status: 'available', size: 5, version: 2 })] })
    fileStore.upload(ref, { size: 99, contentType: 'text/plain' })

    const outcome = await checkUpload(ref, deps)

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'file is already available' })
    expect(fileStore.calls).toEqual(['deleteUpload acme/case-1/file-1'])
    expect(files.files.get('file-1')?.size).toBe(5)
  })

  it('removes an upload no record asks for, including one whose key names another account', async () => {
    const { deps, fileStore } = world({ files: [aFile()] })

    expect(await checkUpload({ ...ref, fileId: 'unknown' }, deps)).toMatchObject({ outcome: 'ignored' })
    expect(await checkUpload({ ...ref, accountId: 'globex' }, deps)).toMatchObject({ outcome: 'ignored' })
    expect(fileStore.calls).toEqual(['deleteUpload acme/case-1/unknown', 'deleteUpload globex/case-1/file-1'])
  })

  it('does nothing for a notification whose upload is already gone', async () => {
    const { deps, files } = world({ files: [aFile()] })

    expect(await checkUpload(ref, deps)).toMatchObject({ outcome: 'ignored' })
    expect(files.files.get('file-1')?.status).toBe('pending')
  })

  it('decides again on the fresh record when a rename got there first', async () => {
    const { deps, files, fileStore } = world({ files: [aFile()] })
    fileStore.upload(ref, { size: 10, contentType: 'text/plain' })
    files.failNextSaveAsStale = true

    expect(await checkUpload(ref, deps)).toMatchObject({ outcome: 'available' })
    expect(files.events).toHaveLength(1)
  })
})

describe('getFile', () => {
  it('links an available file, by the checked version', async () => {
    const { deps, fileStore } = world({
      files: [aFile({ status: 'available', objectVersionId: 'v-checked' })],
    })

    const detail = await getFile('case-1', 'file-1', alice, deps)

    expect(detail.download?.url).toBe('https://files.example/acme/case-1/file-1')
    expect(detail.scan).toBeUndefined()
    expect(fileStore.calls).toEqual(['presignDownload acme/case-1/file-1 invoice-export.log v-checked'])
  })

  it.each(['pending', 'rejected', 'deleted'] as const)('gives a %s file no link', async (status) => {
    const { deps, fileStore } = world({ files: [aFile({ status })] })

    expect((await getFile('case-1', 'file-1', sam, deps)).download).toBeNull()
    expect(fileStore.calls).toEqual([])
  })

  it("answers 404 for another account's file, and for a file of another case", async () => {
    const { deps } = world({
      files: [aFile({ status: 'available' }), aFile({ id: 'elsewhere', caseId: 'case-2' })],
    })

    await expect(getFile('case-1', 'file-1', gina, deps)).rejects.toMatchObject({ status: 404 })
    await expect(getFile('case-1', 'elsewhere', alice, deps)).rejects.toMatchObject({ status: 404 })
  })

  it('holds the download back until the malware scan says clean, where scanning is required', async () => {
    const { deps, fileStore } = world({ files: [aFile({ status: 'available' })] })
    const scanning = { ...deps, fileRules: { ...fileRules, scanRequired: true } }

    const pending = await getFile('case-1', 'file-1', alice, scanning)
    fileStore.scan = 'threats_found'
    const infected = await getFile('case-1', 'file-1', alice, scanning)
    fileStore.scan = 'clean'
    const clean = await getFile('case-1', 'file-1', alice, scanning)

    expect(pending).toMatchObject({ download: null, scan: 'pending' })
    expect(infected).toMatchObject({ download: null, scan: 'threats_found' })
    expect(clean).toMatchObject({ download: { url: expect.any(String) }, scan: 'clean' })
  })
})

describe('folders and the tree', () => {
  it('creates a folder with its event, under an existing parent only', async () => {
    const { deps, files } = world()

    const folder = await createFolder('case-1', { name: 'Screenshots', parent: 'folder-1' }, alice, deps)

    expect(folder).toMatchObject({
      id: 'id-1',
      name: 'Screenshots',
      parentId: 'folder-1',
      caseId: 'case-1',
      accountId: 'acme',
    })
    expect(files.events).toEqual([
      expect.objectContaining({
        type: 'folder.created',
        details: { folderId: 'id-1', name: 'Screenshots', parentId: 'folder-1' },
      }),
    ])
    await expect(createFolder('case-1', { name: 'x', parent: 'nope' }, alice, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ pointer: '/parent' }],
    })
  })

  it("lists the tree of the caller's case, and 404 for another account's", async () => {
    const { deps } = world({ files: [aFile()] })

    const tree = await listFileTree('case-1', { limit: 25 }, alice, deps)

    expect(tree.items.map((entry) => `${entry.kind}:${entry.id}`)).toEqual(['file:file-1', 'folder:folder-1'])
    await expect(listFileTree('case-1', { limit: 25 }, gina, deps)).rejects.toMatchObject({ status: 404 })
  })
})

describe('updateFile', () => {
  it('renames and moves with one event naming both changes', async () => {
    const { deps, files } = world({ files: [aFile({ status: 'available', folderId: 'folder-1' })] })

    const updated = await updateFile(
      'case-1',
      'file-1',
      { name: 'export-2026.log', folder: null },
      alice,
      deps,
    )

    expect(updated).toMatchObject({ name: 'export-2026.log', folderId: null, version: 2 })
    expect(files.events).toEqual([
      expect.objectContaining({
        type: 'file.updated',
        action: 'rename_and_move',
        changes: [
          { field: 'name', before: 'invoice-export.log', after: 'export-2026.log' },
          { field: 'folderId', before: 'folder-1', after: null },
        ],
      }),
    ])
  })

  it('writes nothing when nothing changes', async () => {
    const { deps, files } = world({ files: [aFile()] })

    const same = await updateFile('case-1', 'file-1', { name: 'invoice-export.log' }, alice, deps)

    expect(same.version).toBe(1)
    expect(files.events).toEqual([])
  })

  it('holds a new name to the blocked types and a target folder to the case', async () => {
    const { deps } = world({ files: [aFile()] })

    await expect(updateFile('case-1', 'file-1', { name: 'run.exe' }, alice, deps)).rejects.toMatchObject({
      status: 400,
    })
    await expect(updateFile('case-1', 'file-1', { folder: 'nope' }, alice, deps)).rejects.toMatchObject({
      status: 400,
    })
  })

  it("lets customers change only their side's files, and nobody a deleted one", async () => {
    const { deps } = world({
      files: [aFile({ uploadedBy: 'sam', uploaderRole: 'agent' }), aFile({ id: 'gone', status: 'deleted' })],
    })

    await expect(updateFile('case-1', 'file-1', { name: 'x.log' }, alice, deps)).rejects.toMatchObject({
      status: 403,
    })
    await expect(updateFile('case-1', 'file-1', { name: 'x.log' }, sam, deps)).resolves.toMatchObject({
      name: 'x.log',
    })
    await expect(updateFile('case-1', 'gone', { name: 'x.log' }, sam, deps)).rejects.toMatchObject({
      status: 409,
    })
  })
})

describe('deleteFile', () => {
  it('marks the record deleted with its event, then removes the object; a repeat only removes again', async () => {
    // Arrange
    const { deps, files, fileStore } = world({ files: [aFile({ status: 'available', version: 2 })] })

    // Act
    const deleted = await deleteFile('case-1', 'file-1', alice, deps)
    const again = await deleteFile('case-1', 'file-1', alice, deps)

    // Assert
    expect(deleted).toMatchObject({
      status: 'deleted',
      deletedBy: 'alice',
      deletedAt: now.toISOString(),
      version: 3,
    })
    expect(again).toEqual(deleted)
    expect(files.events).toEqual([
      expect.objectContaining({
        type: 'file.deleted',
        changes: [{ field: 'status', before: 'available', after: 'deleted' }],
      }),
    ])
    expect(fileStore.calls.filter((call) => call.startsWith('deleteFile'))).toHaveLength(2)
  })

  it("refuses a customer support's file and another account's file", async () => {
    const { deps } = world({ files: [aFile({ uploadedBy: 'sam', uploaderRole: 'agent' })] })

    await expect(deleteFile('case-1', 'file-1', alice, deps)).rejects.toMatchObject({ status: 403 })
    await expect(deleteFile('case-1', 'file-1', gina, deps)).rejects.toMatchObject({ status: 404 })
  })
})
