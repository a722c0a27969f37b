import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listQueueCases } from '#src/use-cases/list-queue-cases.ts'

export const handler = routeHandler(routes.listQueueCases, async ({ params, query }) => ({
  body: await listQueueCases(params.queue, query, dependencies()),
}))
