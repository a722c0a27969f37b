import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseFile, CaseFolder } from '#src/domain/case-file.ts'
import { StaleFileError } from '#src/domain/errors.ts'
import { defaultBlockedFileTypes } from '#src/domain/file-types.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type {
  DownloadLink,
  FileCatalog,
  FileChange,
  FileObjectRef,
  FileStore,
  FileTreeEntry,
  ScanVerdict,
  StoredObject,
  UploadForm,
} from '#src/use-cases/ports/files.ts'
import { now } from './core.ts'

/** File and folder records in memory, with the same version check as the DynamoDB repository. */
export class InMemoryFileCatalog implements FileCatalog {
  readonly files = new Map<string, CaseFile>()
  readonly folders = new Map<string, CaseFolder>()
  readonly events: CaseEvent[] = []
  /** Set to make the next saveFileChange fail as if another writer had changed the file first. */
  failNextSaveAsStale = false

  constructor(options: { files?: CaseFile[]; folders?: CaseFolder[] } = {}) {
    for (const file of options.files ?? []) this.files.set(file.id, file)
    for (const folder of options.folders ?? []) this.folders.set(folder.id, folder)
  }

  async insertFile(file: CaseFile): Promise<void> {
    if (this.files.has(file.id)) throw new Error(`file ${file.id} exists`)
    this.files.set(file.id, file)
  }

  async findFile(caseId: string, fileId: string): Promise<CaseFile | undefined> {
    const file = this.files.get(fileId)
    return file?.caseId === caseId ? file : undefined
  }

  async saveFileChange(change: FileChange): Promise<void> {
    const current = this.files.get(change.next.id)
    if (this.failNextSaveAsStale || current?.version !== change.expectedVersion) {
      this.failNextSaveAsStale = false
      throw new StaleFileError(change.next.id)
    }
    this.files.set(change.next.id, change.next)
    this.events.push(...change.events)
  }

  async insertFolder(folder: CaseFolder, event: CaseEvent): Promise<void> {
    this.folders.set(folder.id, folder)
    this.events.push(event)
  }

  async findFolder(caseId: string, folderId: string): Promise<CaseFolder | undefined> {
    const folder = this.folders.get(folderId)
    return folder?.caseId === caseId ? folder : undefined
  }

  async listTree(caseId: string, page: PageRequest): Promise<Paged<FileTreeEntry>> {
    const entries: FileTreeEntry[] = [
      ...[...this.files.values()]
        .filter((f) => f.caseId === caseId && f.status !== 'deleted')
        .map((f) => ({ kind: 'file' as const, ...f })),
      ...[...this.folders.values()]
        .filter((f) => f.caseId === caseId)
        .map((f) => ({ kind: 'folder' as const, ...f })),
    ]
    return { items: entries.slice(0, page.limit), nextCursor: null }
  }
}

const key = (ref: FileObjectRef) => `${ref.accountId}/${ref.caseId}/${ref.fileId}`

/**
 * Storage in memory: an upload area and a files area, recording every call so tests can assert
 * what the use case did to storage, and in which order.
 */
export class FakeFileStore implements FileStore {
  readonly uploads = new Map<string, { object: StoredObject; bytes: Uint8Array }>()
  readonly stored = new Map<string, StoredObject>()
  readonly calls: string[] = []
  scan: ScanVerdict = 'pending'

  /** Puts an object into the upload area, as a client posting the form would. */
  upload(
    ref: FileObjectRef,
    object: StoredObject,
    bytes: Uint8Array = new Uint8Array([0x25, 0x50, 0x44, 0x46]),
  ) {
    this.uploads.set(key(ref), { object, bytes })
  }

  async presignUpload(ref: FileObjectRef, options: { contentType: string }): Promise<UploadForm> {
    this.calls.push(`presignUpload ${key(ref)} ${options.contentType}`)
    return {
      url: 'https://files.example/upload',
      fields: { key: `uploads/${key(ref)}`, 'Content-Type': options.contentType },
      expiresAt: new Date(now.getTime() + 300_000).toISOString(),
    }
  }

  async headUpload(ref: FileObjectRef): Promise<StoredObject | undefined> {
    this.calls.push(`headUpload ${key(ref)}`)
    return this.uploads.get(key(ref))?.object
  }

  async readUploadStart(ref: FileObjectRef, bytes: number): Promise<Uint8Array> {
    this.calls.push(`readUploadStart ${key(ref)}`)
    return (this.uploads.get(key(ref))?.bytes ?? new Uint8Array()).slice(0, bytes)
  }

  async promoteUpload(ref: FileObjectRef, checked: StoredObject): Promise<{ versionId: string | undefined }> {
    this.calls.push(`promoteUpload ${key(ref)}`)
    this.stored.set(key(ref), checked)
    return { versionId: 'v-checked' }
  }

  /** What `storeFile` wrote, by object: the bytes and their media type. */
  readonly written = new Map<string, { bytes: Uint8Array; contentType: string }>()

  async storeFile(
    ref: FileObjectRef,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<{ versionId: string | undefined }> {
    this.calls.push(`storeFile ${key(ref)} ${contentType}`)
    this.written.set(key(ref), { bytes, contentType })
    this.stored.set(key(ref), { size: bytes.byteLength, contentType })
    return { versionId: 'v-stored' }
  }

  async deleteUpload(ref: FileObjectRef, versionId?: string): Promise<void> {
    this.calls.push(`deleteUpload ${key(ref)}${versionId ? ` ${versionId}` : ''}`)
    this.uploads.delete(key(ref))
  }

  async presignDownload(
    ref: FileObjectRef,
    options: { fileName: string; contentType: string; versionId?: string | undefined },
  ): Promise<DownloadLink> {
    this.calls.push(`presignDownload ${key(ref)} ${options.fileName} ${options.versionId ?? '-'}`)
    return {
      url: `https://files.example/${key(ref)}`,
      expiresAt: new Date(now.getTime() + 120_000).toISOString(),
    }
  }

  async deleteFile(ref: FileObjectRef): Promise<void> {
    this.calls.push(`deleteFile ${key(ref)}`)
    this.stored.delete(key(ref))
  }

  async scanVerdict(ref: FileObjectRef): Promise<ScanVerdict> {
    this.calls.push(`scanVerdict ${key(ref)}`)
    return this.scan
  }
}

export function aFile(overrides: Partial<CaseFile> = {}): CaseFile {
  return {
    id: 'file-1',
    caseId: 'case-1',
    accountId: 'acme',
    folderId: null,
    name: 'invoice-export.log',
    contentType: 'text/plain',
    declaredSize: 1_048_576,
    status: 'pending',
    uploadedBy: 'alice',
    uploaderRole: 'customer',
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
    version: 1,
    ...overrides,
  }
}

export function aFolder(overrides: Partial<CaseFolder> = {}): CaseFolder {
  return {
    id: 'folder-1',
    caseId: 'case-1',
    accountId: 'acme',
    name: 'Logs',
    parentId: null,
    createdBy: 'alice',
    createdAt: '2026-11-25T08:00:00.000Z',
    ...overrides,
  }
}

export const fileRules = { blockedTypes: defaultBlockedFileTypes, scanRequired: false }
