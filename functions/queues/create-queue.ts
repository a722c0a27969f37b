import { routingRoutes } from '#src/http/routing-routes.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettingsAdmin } from '#src/runtime/queue-settings-admin-dependency.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { createQueue } from '#src/use-cases/queues/manage-queues.ts'

const deps = lazyDependencies({
  queues: queueSettings,
  queueAdmin: queueSettingsAdmin,
  clock,
})

export const handler = idempotentRouteHandler(routingRoutes.createQueue, async ({ body }) => {
  const queue = await createQueue(body, deps)
  return { body: queue, headers: { location: `/v1/queues/${queue.id}`, etag: `"${queue.version}"` } }
})
