import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { withFileStore } from '#src/runtime/file-store-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { deleteFile } from '#src/use-cases/files/delete-file.ts'

export const handler = routeHandler(routes.deleteFile, async ({ params, caller }) => ({
  body: await deleteFile(params.caseId, params.fileId, caller, withFileStore(dependencies())),
}))
