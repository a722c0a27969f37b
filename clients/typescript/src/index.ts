/**
 * The typed TypeScript client of the Caseline API (clients/typescript/README.md): openapi-fetch over
 * the types generated from docs/openapi.json, and helpers for the API's conventions.
 */
export { allEvents, type ChangeFeed, type ChangeFeedOptions } from './change-feed.ts'
export {
  type CaselineClient,
  type CaselineClientOptions,
  createCaselineClient,
  localToken,
} from './client.ts'
export {
  allContactExportLines,
  allExportedCases,
  type CaseExportOptions,
  type ContactExportOptions,
} from './exports.ts'
export { type IdempotentCallOptions, idempotent } from './idempotency.ts'
export { type ReadModifyWrite, readVersioned, updateWithRetry, type Versioned } from './if-match.ts'
export { allItems, type CursorPage } from './paging.ts'
export {
  type ApiResult,
  dataOf,
  type Problem,
  ProblemError,
  type ProblemFieldError,
} from './problem-error.ts'
export type { components, operations, paths } from './schema.ts'
export type {
  Case,
  CaseChange,
  CaseFile,
  CaseFileDetail,
  ChangeEvent,
  ContactExportLine,
  NewCase,
  UploadForm,
} from './types.ts'
export { type FileToUpload, UploadRejectedError, uploadFile, waitUntilChecked } from './upload.ts'
