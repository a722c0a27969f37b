import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { updateFile } from '#src/use-cases/files/update-file.ts'

export const handler = routeHandler(routes.updateFile, async ({ params, body, caller }) => ({
  body: await updateFile(params.caseId, params.fileId, body, caller, dependencies()),
}))
