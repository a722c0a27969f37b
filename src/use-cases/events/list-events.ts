import type { EventEnvelope, EventReader, EventType, PublishedEvent } from '#src/domain/events/envelope.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { EventFeed } from '#src/use-cases/ports/events.ts'

/** `GET /v1/events`: where to resume, and which events. */
export interface ListEventsInput {
  /** The `nextCursor` of the read before; absent: from the oldest event kept. */
  after?: string | undefined
  types?: EventType[] | undefined
  caseId?: string | undefined
  limit: number
}

/** A page of the change feed: events as integrations receive them, the cursor to resume from (always), and whether more is readable now. */
export interface EventPageView {
  items: EventEnvelope[]
  nextCursor: string
  hasMore: boolean
}

export interface ListEventsDeps {
  feed: EventFeed
  clock: Clock
}

/** Who reads the feed, by the caller's verified identity: staff every account, a contact its own in its role. */
export function readerOf(caller: Caller): EventReader {
  return caller.kind === 'staff'
    ? { kind: 'staff' }
    : { kind: 'account', accountId: caller.accountId, role: caller.role }
}

/** The envelope as integrations see it: who may receive an event stays inside Caseline. */
function envelopeOf({ audience: _audience, ...envelope }: PublishedEvent): EventEnvelope {
  return envelope
}

/**
 * Reads the change feed (docs/integrations.md, the change feed).
 * 1. Read as the caller may: staff all accounts' feed; a contact its account's, only the events
 *    its role may receive (`mayReceive`). A cursor of another reader or other filters is a 400.
 * 2. Answer the events oldest first, without their audience, and the cursor to resume from.
 */
export async function listEvents(
  input: ListEventsInput,
  caller: Caller,
  deps: ListEventsDeps,
): Promise<EventPageView> {
  const page = await deps.feed.read({
    reader: readerOf(caller),
    after: input.after,
    limit: input.limit,
    types: input.types,
    caseId: input.caseId,
    now: deps.clock.now(),
  })
  return { items: page.items.map(envelopeOf), nextCursor: page.nextCursor, hasMore: page.hasMore }
}
