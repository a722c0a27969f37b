// Ports of the integration events: the feed (the change feed and the events' sequence) and the bus.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { EventDraft, EventReader, EventType, PublishedEvent } from '#src/domain/events/envelope.ts'
import type { Paged } from './common.ts'

export interface FeedQuery {
  reader: EventReader
  /** The cursor of the page before; absent: from the oldest event kept. */
  after?: string | undefined
  limit: number
  types?: EventType[] | undefined
  caseId?: string | undefined
  now: Date
}

/**
 * One page of the change feed. Unlike other lists, the cursor is always there: it marks the last
 * position read (not only returned), so a polling client resumes from it later, even at the end.
 */
export interface FeedPage extends Paged<PublishedEvent> {
  nextCursor: string
  /** More events are readable now: read again at once; false means up to date (poll later). */
  hasMore: boolean
}

/**
 * The change feed: every published event, kept 90 days, in the order it was published, per account
 * and for all accounts (docs/integrations.md, the change feed).
 */
export interface EventFeed {
  /**
   * Appends the drafts, in order, to their account's feed and to the all-accounts feed, each once
   * (by event id): an event appended before (a retried stream record) keeps its sequence, and is
   * returned as it was stored.
   */
  append(drafts: EventDraft[]): Promise<PublishedEvent[]>
  /** The events the reader may see after the cursor, oldest first; the cursor resumes exactly after the last one. */
  read(query: FeedQuery): Promise<FeedPage>
}

/** The operator's event bus (EventBridge): every published event, at least once. */
export interface EventBus {
  /** Puts every event on the bus or throws (the stream retries the record). */
  publish(events: PublishedEvent[]): Promise<void>
}
