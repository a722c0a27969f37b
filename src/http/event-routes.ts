import { defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import { EventPage, ListEventsQuery } from './schemas/events.ts'

/** The change feed (docs/integrations.md): `/v1/events`. */
export const eventRoutes = {
  listEvents: defineRoute({
    operationId: 'listEvents',
    method: 'GET',
    path: '/v1/events',
    handler: 'events/list-events',
    access: everyRole,
    summary:
      'The change feed, oldest first: staff every event; a customer its account’s customer-visible events (a customer admin also contact and account events). Kept 90 days. `nextCursor` is always present, also at the end: pass it as `after` to resume exactly after the last event read (poll with it later); `hasMore: false` means up to date. A cursor of another caller or other filters is a 400',
    request: { query: ListEventsQuery },
    response: { status: 200, body: EventPage },
  }),
} satisfies Record<string, RouteDefinition>
