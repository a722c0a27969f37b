import { createEventBridgeBus } from '#src/adapters/aws/eventbridge-bus.ts'
import { createEventFeedRepository } from '#src/adapters/dynamodb/event-feed-repository.ts'
import { requireEventBusName } from '#src/config.ts'
import type { EventBus, EventFeed } from '#src/use-cases/ports/events.ts'
import { cursorCodec } from './cursor-codec.ts'
import { tableContext } from './table-context.ts'

/**
 * The change feed in the table (docs/integrations.md): the clock dates its entries, the lists'
 * cursor codec signs its cursors (each list binds them to its own context, so they cannot be
 * replayed across lists). For the feed's reader (`GET /v1/events`) and the event handler.
 */
export function eventFeed(): EventFeed {
  const { doc, config, clock } = tableContext()
  return createEventFeedRepository(doc, config.tableName, cursorCodec, clock)
}

let bus: EventBus | undefined

/**
 * The EventBridge bus, for the one function that publishes events (the event handler). Only it
 * gets the bus's name (`AppFunction.bindEventBus`), so it is checked here, on first use: a missing
 * one fails naming its variable. The bus's client is built once per process.
 */
export function eventBus(): EventBus {
  if (!bus) {
    const { config } = tableContext()
    bus = createEventBridgeBus({
      region: config.region,
      endpoint: config.events.busEndpoint,
      busName: requireEventBusName(config.events),
    })
  }
  return bus
}
