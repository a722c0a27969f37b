import { eventRoutes } from '#src/http/event-routes.ts'
import { eventFeed } from '#src/runtime/event-dependencies.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { listEvents } from '#src/use-cases/events/list-events.ts'

const deps = lazyDependencies({ feed: eventFeed, clock })

export const handler = routeHandler(eventRoutes.listEvents, async ({ query, caller }) => {
  const { type, ...rest } = query
  return { body: await listEvents({ ...rest, types: type }, caller, deps) }
})
