import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { withEventFeed } from '#src/runtime/event-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listEvents } from '#src/use-cases/events/list-events.ts'

export const handler = routeHandler(routes.listEvents, async ({ query, caller }) => {
  const { type, ...rest } = query
  return { body: await listEvents({ ...rest, types: type }, caller, withEventFeed(dependencies())) }
})
