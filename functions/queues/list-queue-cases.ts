import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listQueueCases } from '#src/use-cases/list-queue-cases.ts'
import { presentCases } from '#src/use-cases/present-case.ts'

export const handler = routeHandler(routes.listQueueCases, async ({ params, query }) => {
  const deps = dependencies()
  const page = await listQueueCases(params.queue, query, deps)
  return {
    body: { items: await presentCases(page.items, deps, deps.clock.now()), nextCursor: page.nextCursor },
  }
})
