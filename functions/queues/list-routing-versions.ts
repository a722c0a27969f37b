import { routingRoutes } from '#src/http/routing-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettingsAdmin } from '#src/runtime/queue-settings-admin-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listRoutingVersions } from '#src/use-cases/queues/routing.ts'

const deps = lazyDependencies({ queueAdmin: queueSettingsAdmin })

export const handler = routeHandler(routingRoutes.listRoutingVersions, async ({ query }) => ({
  body: await listRoutingVersions(query, deps),
}))
