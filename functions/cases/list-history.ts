import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listHistory } from '#src/use-cases/list-history.ts'

export const handler = routeHandler(routes.listHistory, async ({ params, query, caller }) => ({
  body: await listHistory(params.caseId, query, caller, dependencies()),
}))
