import { routingRoutes } from '#src/http/routing-routes.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { previewRouting } from '#src/use-cases/queues/routing.ts'

const deps = lazyDependencies({ queues: queueSettings, accounts: directoryReader })

export const handler = routeHandler(routingRoutes.previewRouting, async ({ body }) => ({
  body: await previewRouting(body, deps),
}))
