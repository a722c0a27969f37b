import { optionalIfMatchVersion } from '#src/http/preconditions.ts'
import { routingRoutes } from '#src/http/routing-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettingsAdmin } from '#src/runtime/queue-settings-admin-dependency.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { updateQueue } from '#src/use-cases/queues/manage-queues.ts'

const deps = lazyDependencies({
  queues: queueSettings,
  queueAdmin: queueSettingsAdmin,
  clock,
})

export const handler = routeHandler(routingRoutes.updateQueue, async ({ params, headers, body }) => {
  const queue = await updateQueue(params.queueId, optionalIfMatchVersion(headers), body, deps)
  return { body: queue, headers: { etag: `"${queue.version}"` } }
})
