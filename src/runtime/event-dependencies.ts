import { createEventBridgeBus } from '#src/adapters/aws/eventbridge-bus.ts'
import { documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createEventFeedRepository } from '#src/adapters/dynamodb/event-feed-repository.ts'
import { requireEventBusName } from '#src/config.ts'
import type { EventBus, EventFeed } from '#src/use-cases/ports/events.ts'
import type { AppDependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'

let feed: EventFeed | undefined
let bus: EventBus | undefined

/** The change feed in the table, one per process: the clock dates its entries, the lists' cursor codec signs its cursors. */
function feedOf({ dynamodb, config, kbCursors, clock }: AppDependencies): EventFeed {
  // `kbCursors` is the process's one cursor codec (the signing secret, fetched on first use);
  // each list binds its cursors to its own context, so they cannot be replayed across lists.
  feed ??= createEventFeedRepository(documentClientFor(dynamodb), config.tableName, kbCursors, clock)
  return feed
}

/** The change feed, for the functions that read it (`GET /v1/events`). */
export function withEventFeed<T extends AppDependencies>(deps: T) {
  return extendDependencies<T, { feed: EventFeed }>(deps, { feed: feedOf })
}

/**
 * The change feed and the EventBridge bus, for the one function that publishes events (the event
 * handler, docs/integrations.md). Only it gets the bus's name (`AppFunction.bindEventBus`), so it is
 * checked here, on first use: a missing one fails naming its variable. The bus's client is built
 * once per cold start.
 */
export function withEventPublishing<T extends AppDependencies>(deps: T) {
  return extendDependencies<T, { feed: EventFeed; bus: EventBus }>(deps, {
    feed: feedOf,
    bus: ({ config }) => {
      bus ??= createEventBridgeBus({
        region: config.region,
        endpoint: config.events.busEndpoint,
        busName: requireEventBusName(config.events),
      })
      return bus
    },
  })
}
