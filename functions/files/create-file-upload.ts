import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { withFileStore } from '#src/runtime/file-store-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { requestUpload } from '#src/use-cases/files/request-upload.ts'

export const handler = idempotentRouteHandler(routes.createFileUpload, async ({ params, body, caller }) => {
  const created = await requestUpload(params.caseId, body, caller, withFileStore(dependencies()))
  return {
    body: created,
    headers: { location: `/v1/cases/${params.caseId}/files/${created.file.id}` },
  }
})
