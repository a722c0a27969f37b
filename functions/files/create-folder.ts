import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { createFolder } from '#src/use-cases/files/create-folder.ts'

export const handler = idempotentRouteHandler(routes.createFolder, async ({ params, body, caller }) => ({
  body: await createFolder(params.caseId, body, caller, dependencies()),
}))
