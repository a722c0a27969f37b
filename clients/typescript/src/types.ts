import type { components, paths } from './schema.ts'

/** A case as the API answers it. */
export type Case = components['schemas']['Case']

/** The body of `POST /v1/cases`. */
export type NewCase = paths['/v1/cases']['post']['requestBody']['content']['application/json']

/** The body of `PATCH /v1/cases/{caseId}`. */
export type CaseChange = NonNullable<
  paths['/v1/cases/{caseId}']['patch']['requestBody']
>['content']['application/json']

type CreatedUpload =
  paths['/v1/cases/{caseId}/files']['post']['responses'][201]['content']['application/json']

/** A case file's record: `pending` until the server has checked what arrived, then `available` or `rejected`. */
export type CaseFile = CreatedUpload['file']

/** The presigned POST form for one file: post every field as it is, then the file (docs/files.md). */
export type UploadForm = CreatedUpload['upload']

/** A file with its download link (null until it is `available`), as `GET …/files/{fileId}` answers. */
export type CaseFileDetail =
  paths['/v1/cases/{caseId}/files/{fileId}']['get']['responses'][200]['content']['application/json']

/** An event of the change feed (`GET /v1/events`, docs/integrations.md): `data` by `type` and `version`. */
export type ChangeEvent =
  paths['/v1/events']['get']['responses'][200]['content']['application/json']['items'][number]

/** One line of a person's access export: a stored item about them and its section (docs/privacy.md). */
export type ContactExportLine = components['schemas']['ContactExportLine']
