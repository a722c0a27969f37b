import { routingRoutes } from '#src/http/routing-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueCatalogue } from '#src/runtime/queue-catalogue-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getQueue } from '#src/use-cases/queues/manage-queues.ts'

const deps = lazyDependencies({ queues: queueCatalogue })

export const handler = routeHandler(routingRoutes.getQueue, async ({ params }) => {
  const queue = await getQueue(params.queueId, deps)
  return { body: queue, headers: { etag: `"${queue.version}"` } }
})
