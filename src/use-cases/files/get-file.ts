import type { Config } from '#src/config.ts'
import type { CaseFile } from '#src/domain/case-file.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { DownloadLink, FileCatalog, FileStore, ScanVerdict } from '#src/use-cases/ports/files.ts'
import { fileRef, loadCaseFile } from './file-records.ts'

export interface FileDetail {
  file: CaseFile
  /** A short-lived link, only for an available file (and, with scanning on, a clean one). */
  download: DownloadLink | null
  /** The malware scan's verdict, where downloads wait for it. */
  scan?: ScanVerdict | undefined
}

/**
 * Reads one file.
 * 1. The case and the file within the caller's scope: another account's file is 404.
 * 2. Only an available file gets a download link; where malware scanning is required, only once
 *    GuardDuty has tagged the object clean.
 */
export async function getFile(
  caseId: string,
  fileId: string,
  caller: Caller,
  deps: {
    cases: CaseStore
    files: FileCatalog
    fileStore: FileStore
    fileRules: Pick<Config['files'], 'scanRequired'>
  },
): Promise<FileDetail> {
  const { file } = await loadCaseFile(deps, caller, caseId, fileId)
  if (file.status !== 'available') return { file, download: null }
  const options = { fileName: file.name, contentType: file.contentType, versionId: file.objectVersionId }
  if (!deps.fileRules.scanRequired)
    return { file, download: await deps.fileStore.presignDownload(fileRef(file), options) }
  const scan = await deps.fileStore.scanVerdict(fileRef(file), file.objectVersionId)
  const download = scan === 'clean' ? await deps.fileStore.presignDownload(fileRef(file), options) : null
  return { file, download, scan }
}
