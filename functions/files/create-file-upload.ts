import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { requestUpload } from '#src/use-cases/files/request-upload.ts'

export const handler = routeHandler(routes.createFileUpload, async ({ params, body, caller }) => {
  const created = await requestUpload(params.caseId, body, caller, dependencies())
  return {
    body: created,
    headers: { location: `/v1/cases/${params.caseId}/files/${created.file.id}` },
  }
})
