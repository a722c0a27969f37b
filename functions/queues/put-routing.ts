import { optionalIfMatchVersion } from '#src/http/preconditions.ts'
import { routingRoutes } from '#src/http/routing-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettingsAdmin } from '#src/runtime/queue-settings-admin-dependency.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { putRouting } from '#src/use-cases/queues/routing.ts'

const deps = lazyDependencies({ queues: queueSettings, queueAdmin: queueSettingsAdmin, clock })

export const handler = routeHandler(routingRoutes.putRouting, async ({ headers, body }) => {
  // A GET's `version` and `savedAt` may come back in the body: the server sets them.
  const { version: _version, savedAt: _savedAt, ...routing } = body
  const saved = await putRouting(routing, optionalIfMatchVersion(headers), deps)
  return { body: saved, headers: { etag: `"${saved.version}"` } }
})
