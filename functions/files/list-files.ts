import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listFileTree } from '#src/use-cases/files/list-file-tree.ts'

export const handler = routeHandler(routes.listFiles, async ({ params, query, caller }) => ({
  body: await listFileTree(params.caseId, query, caller, dependencies()),
}))
