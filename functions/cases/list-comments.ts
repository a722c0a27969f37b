import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listComments } from '#src/use-cases/comments.ts'

export const handler = routeHandler(routes.listComments, async ({ params, query, caller }) => ({
  body: await listComments(params.caseId, query, caller, dependencies()),
}))
