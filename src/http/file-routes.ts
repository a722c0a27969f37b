import { CaseFileView, CaseFolder } from '#src/domain/case-file.ts'
import { defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import { CaseIdParams, PageQuery } from './schemas/common.ts'
import {
  CreateFileBody,
  CreateFolderBody,
  FileDetail,
  FileIdParams,
  FileTree,
  FileUpload,
  UpdateFileBody,
} from './schemas/files.ts'

/** A case's files and folders: `/v1/cases/{caseId}/files`, `/v1/cases/{caseId}/folders`. */
export const fileRoutes = {
  createFileUpload: defineRoute({
    operationId: 'createFileUpload',
    method: 'POST',
    path: '/v1/cases/{caseId}/files',
    handler: 'files/create-file-upload',
    access: everyRole,
    summary:
      'Start an upload (at most 10 MB): a pending file and a presigned POST form for it; the file becomes available once the server has checked what arrived',
    idempotent: true,
    files: 'presignUpload',
    rules: [
      'Files may be at most 10 MB, and blocked file types (executables by default) are refused (400); a folder named must exist in the case.',
    ],
    request: { params: CaseIdParams, body: CreateFileBody },
    response: { status: 201, body: FileUpload },
  }),
  listFiles: defineRoute({
    operationId: 'listFiles',
    method: 'GET',
    path: '/v1/cases/{caseId}/files',
    handler: 'files/list-files',
    access: everyRole,
    summary: "A case's folder tree: its folders and files (deleted files only in the history)",
    request: { params: CaseIdParams, query: PageQuery },
    response: { status: 200, body: FileTree },
  }),
  getFile: defineRoute({
    operationId: 'getFile',
    method: 'GET',
    path: '/v1/cases/{caseId}/files/{fileId}',
    handler: 'files/get-file',
    access: everyRole,
    summary: 'A file, with a short-lived download link once it is available',
    files: 'presignDownload',
    request: { params: FileIdParams },
    response: { status: 200, body: FileDetail },
  }),
  updateFile: defineRoute({
    operationId: 'updateFile',
    method: 'PATCH',
    path: '/v1/cases/{caseId}/files/{fileId}',
    handler: 'files/update-file',
    access: everyRole,
    summary: 'Rename a file and/or move it to another folder of the case',
    rules: [
      'A customer renames or moves only the files the customer side uploaded (403 otherwise); the target folder must exist in the case (400).',
    ],
    request: { params: FileIdParams, body: UpdateFileBody },
    response: { status: 200, body: CaseFileView },
  }),
  deleteFile: defineRoute({
    operationId: 'deleteFile',
    method: 'DELETE',
    path: '/v1/cases/{caseId}/files/{fileId}',
    handler: 'files/delete-file',
    access: everyRole,
    summary: 'Delete a file: the record stays (status deleted), the object is removed',
    files: 'delete',
    rules: ['A customer deletes only the files the customer side uploaded (403 otherwise).'],
    request: { params: FileIdParams },
    response: { status: 200, body: CaseFileView },
  }),
  createFolder: defineRoute({
    operationId: 'createFolder',
    method: 'POST',
    path: '/v1/cases/{caseId}/folders',
    handler: 'files/create-folder',
    access: everyRole,
    summary: "Create a folder in a case's file tree",
    idempotent: true,
    request: { params: CaseIdParams, body: CreateFolderBody },
    response: { status: 201, body: CaseFolder },
  }),
} satisfies Record<string, RouteDefinition>
