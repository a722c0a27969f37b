import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { withFileStore } from '#src/runtime/file-store-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getFile } from '#src/use-cases/files/get-file.ts'

export const handler = routeHandler(routes.getFile, async ({ params, caller }) => ({
  body: await getFile(params.caseId, params.fileId, caller, withFileStore(dependencies())),
  // The body carries a signed link: no cache may keep it.
  headers: { 'cache-control': 'no-store' },
}))
