import type { EventDraft, PublishedEvent } from '#src/domain/events/envelope.ts'
import type { EventBus, EventFeed } from '#src/use-cases/ports/events.ts'

export interface PublishEventsDeps {
  feed: EventFeed
  bus: EventBus
  /** Hands the events to the webhook subscriptions that match them (docs/integrations.md, webhooks). */
  fanOut: (events: PublishedEvent[]) => Promise<unknown>
}

/**
 * Publishes the events of one stream record (docs/integrations.md):
 * 1. Append them to the change feed, which gives each its account sequence — once per event id,
 *    so a retried record publishes the same events with the same sequences.
 * 2. Put them on the bus and fan them out to webhooks, side by side: neither waits for the other
 *    to succeed. If either failed, throw after both ran; the stream retries the record, and every
 *    step is idempotent (the feed's marker, deterministic delivery ids, consumers deduplicate on `id`).
 * Answers what was published, for the log.
 */
export async function publishEvents(
  drafts: EventDraft[],
  deps: PublishEventsDeps,
): Promise<PublishedEvent[]> {
  if (drafts.length === 0) return []
  const published = await deps.feed.append(drafts)
  // `then` makes a step that throws before returning a promise (a missing setting) a rejection too.
  const [bus, fanOut] = await Promise.allSettled([
    Promise.resolve(published).then((events) => deps.bus.publish(events)),
    Promise.resolve(published).then(deps.fanOut),
  ])
  if (bus.status === 'rejected') throw bus.reason
  if (fanOut.status === 'rejected') throw fanOut.reason
  return published
}
