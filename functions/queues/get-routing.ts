import { routingRoutes } from '#src/http/routing-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getRouting } from '#src/use-cases/queues/routing.ts'

const deps = lazyDependencies({ queues: queueSettings })

export const handler = routeHandler(routingRoutes.getRouting, async () => {
  const routing = await getRouting(deps)
  return { body: routing, headers: { etag: `"${routing.version}"` } }
})
