// Ports of case files: the records in the table and the objects in storage.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).

import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseFile, CaseFolder } from '#src/domain/case-file.ts'
import type { Paged, PageRequest } from './common.ts'

/** A file's record and its events, saved atomically if the record's `expectedVersion` still holds. */
export interface FileChange {
  next: CaseFile
  expectedVersion: number
  events: CaseEvent[]
}

/** One entry of a case's file tree. */
export type FileTreeEntry = ({ kind: 'folder' } & CaseFolder) | ({ kind: 'file' } & CaseFile)

/** The records of case files and folders (DynamoDB): the truth about every file, whatever storage holds. */
export interface FileCatalog {
  /** Writes a new pending file; nothing has happened to the case yet, so no event goes with it. */
  insertFile(file: CaseFile): Promise<void>
  findFile(caseId: string, fileId: string): Promise<CaseFile | undefined>
  /** Saves a change with its events in one transaction; throws StaleFileError if the version moved on. */
  saveFileChange(change: FileChange): Promise<void>
  insertFolder(folder: CaseFolder, event: CaseEvent): Promise<void>
  findFolder(caseId: string, folderId: string): Promise<CaseFolder | undefined>
  /** The case's folders and files (deleted files left out), in one paged list. */
  listTree(caseId: string, page: PageRequest): Promise<Paged<FileTreeEntry>>
}

/** Which object of a case file: storage keys are built from these ids alone, never from a file name. */
export interface FileObjectRef {
  accountId: string
  caseId: string
  fileId: string
}

/** A presigned POST form: the client posts `fields` and then the file (field `file`) to `url`. */
export interface UploadForm {
  url: string
  fields: Record<string, string>
  expiresAt: string
}

export interface DownloadLink {
  url: string
  expiresAt: string
}

/** What storage says about an uploaded object: measured, not declared. */
export interface StoredObject {
  size: number
  contentType: string | undefined
  versionId?: string | undefined
  etag?: string | undefined
}

/** A malware scan's verdict, where scanning is on (GuardDuty Malware Protection for S3 tags the object). */
export type ScanVerdict = 'pending' | 'clean' | 'threats_found' | 'failed'

/**
 * Object storage for case files (S3 in AWS, s3rver locally). Uploads land in a quarantine area
 * and are promoted to the files area only after the server-side check, so whatever a client
 * posts is never served before it was checked.
 */
export interface FileStore {
  /** A presigned POST for exactly this object: 1 byte to 10 MB, the declared media type, a short expiry. */
  presignUpload(ref: FileObjectRef, options: { contentType: string }): Promise<UploadForm>
  /** The uploaded (unchecked) object, or undefined if there is none. */
  headUpload(ref: FileObjectRef): Promise<StoredObject | undefined>
  /** The first `bytes` bytes of the uploaded object (fewer if it is shorter). */
  readUploadStart(ref: FileObjectRef, bytes: number): Promise<Uint8Array>
  /** Copies the checked upload into the files area; answers the new object's version, where versioned. */
  promoteUpload(ref: FileObjectRef, checked: StoredObject): Promise<{ versionId: string | undefined }>
  /**
   * Writes bytes the server itself has already checked (an e-mail attachment) straight into the
   * files area; answers the object's version, where versioned. Writing the same file again replaces it.
   */
  storeFile(
    ref: FileObjectRef,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<{ versionId: string | undefined }>
  /** Removes an upload (the given version for good, where versioned). Removing nothing is fine. */
  deleteUpload(ref: FileObjectRef, versionId?: string | undefined): Promise<void>
  /** A short-lived GET link that downloads the checked object as an attachment named `fileName`. */
  presignDownload(
    ref: FileObjectRef,
    options: { fileName: string; contentType: string; versionId?: string | undefined },
  ): Promise<DownloadLink>
  /** Removes a file's object (versioned buckets keep it as a noncurrent version until the lifecycle rule ends it). */
  deleteFile(ref: FileObjectRef): Promise<void>
  /** The malware scan's verdict on the file's object. */
  scanVerdict(ref: FileObjectRef, versionId?: string | undefined): Promise<ScanVerdict>
}
