import { routingRoutes } from '#src/http/routing-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettingsAdmin } from '#src/runtime/queue-settings-admin-dependency.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { deleteQueue } from '#src/use-cases/queues/manage-queues.ts'

const deps = lazyDependencies({
  queues: queueSettings,
  queueAdmin: queueSettingsAdmin,
  // Whether the queue has an active case: the first entry of its work list (a paged list).
  cases: () => caseStore(cursorCodec),
  clock,
})

export const handler = routeHandler(routingRoutes.deleteQueue, async ({ params }) => {
  await deleteQueue(params.queueId, deps)
  return { body: null }
})
