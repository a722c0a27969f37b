import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { systemClock } from '#src/adapters/system.ts'
import { ValidationError } from '#src/domain/errors.ts'
import {
  type EventDraft,
  EventEnvelope,
  type EventReader,
  eventAudiences,
  mayReceive,
  type PublishedEvent,
} from '#src/domain/events/envelope.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { EventFeed, FeedPage, FeedQuery } from '#src/use-cases/ports/events.ts'
import * as z from '#src/zod.ts'
import { cancellationCodes, putIfAbsent, type TransactItem } from './conditions.ts'
import { type FeedScope, feedAfter, feedKeys, keyAttributesOf, type RangeAccessPattern } from './keys.ts'

/** How long the feed keeps an event (docs/integrations.md, the change feed): its entries and its marker expire by TTL. */
const keepSeconds = 90 * 24 * 60 * 60

/**
 * A hole in a feed whose next entry is older than this cannot be an append still on its way (an
 * append commits its head and entry together, within seconds): it is an entry TTL removed, and is
 * skipped. A younger hole ends the page before it, so the next read picks the event up.
 */
const settledGapMs = 60_000

/**
 * Appends that lose the race for a head (parallel stream shards) read it again and retry, this
 * often at most, with backoff (about 8 s in all at worst): beyond that the stream retries the record.
 */
const maxAppendAttempts = 20

/** How many Queries one read may spend (the repository's convention, as in paged-query.ts). */
const maxQueriesPerRead = 8

/** Entries one Query reads when the reader filters: most may be skipped, so read more per request. */
const filteredQueryItems = 100

const StoredEvent = z.extend(EventEnvelope, { audience: z.enum(eventAudiences) })

/** What the marker of a published event keeps: the sequence it got in its account's feed. */
const PublishedSequence = z.int().check(z.positive())

/** A feed entry: the event at its position in the scope's feed, and when it was appended. */
const StoredEntry = z.object({
  position: z.int().check(z.positive()),
  publishedAt: z.iso.datetime(),
  event: StoredEvent,
})
type StoredEntry = z.infer<typeof StoredEntry>

/** What a feed cursor holds: the last position read (returned or skipped), never a key. */
const FeedPosition = z.strictObject({ last: z.int().check(z.nonnegative()) })

const invalidAfter = () =>
  new ValidationError('The cursor is not valid for this query. Start again without `after`.', [
    { parameter: 'after', detail: 'is not a cursor issued for this reader and these filters' },
  ])

/** The feed a reader reads: staff all accounts', a contact its own account's. */
function scopeOfReader(reader: EventReader): FeedScope {
  return reader.kind === 'staff' ? { kind: 'all' } : { kind: 'account', accountId: reader.accountId }
}

/** Everything that shapes a read (the reader and the filters): a cursor is valid for this context only. */
function readContext(query: FeedQuery): string {
  const reader =
    query.reader.kind === 'staff' ? 'staff' : `account:${query.reader.accountId}:${query.reader.role}`
  const types = [...new Set(query.types ?? [])].sort()
  return JSON.stringify(['events', reader, types, query.caseId ?? null])
}

function rangeConditionOf(pattern: RangeAccessPattern) {
  const { partitionKey, sortKey } = keyAttributesOf(pattern.index)
  return {
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
    ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
    ExpressionAttributeValues: {
      ':pk': pattern.partition,
      ':low': pattern.sortKeyRange.low,
      ':high': pattern.sortKeyRange.high,
    },
  }
}

/** The Put of a head moving from `last` to `last + 1`, only while nobody else moved it. */
function advanceHead(tableName: string, scope: FeedScope, last: number): TransactItem {
  const item = { ...feedKeys.head(scope), entity: 'feedHead', last: last + 1 }
  if (last === 0) return { Put: putIfAbsent(tableName, item) }
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ConditionExpression: '#last = :expected',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':expected': last },
    },
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Full jitter, doubling from 20 ms up to 500 ms: appenders that collided spread apart. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(500, 20 * 2 ** attempt)
}

/** Whether a failed append lost a race (a head moved, the event was appended meanwhile) and may be tried again. */
function lostRace(error: unknown): boolean {
  return cancellationCodes(error).some(
    (code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict',
  )
}

/**
 * The change feed in the single table (docs/data-model.md, docs/integrations.md): per account and
 * for all accounts a head item (the last position given out) and one entry per position, dense
 * (1, 2, 3, …), so a reader tells a hole from the end; and one marker per published event id with
 * the sequence it got, so a retried stream record keeps it. `clock` dates the entries (their age tells an
 * expired entry's hole from a concurrent append) and their expiry.
 * `cursorCodec` is resolved on the first read only: the event handler never needs the signing key.
 */
export function createEventFeedRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  cursorCodec: () => Promise<CursorCodec>,
  clock: Clock = systemClock,
): EventFeed {
  const consistentGet = async (key: { pk: string; sk: string }) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item

  const lastOf = (head: Record<string, unknown> | undefined): number =>
    head === undefined ? 0 : z.int().check(z.positive()).parse(head.last)

  /**
   * Appends one event, or answers it as stored when it was appended before.
   * 1. The marker exists: the event was appended before (a retried record) — answer it.
   * 2. Read both heads; in one transaction write the marker, move both heads by one and put both entries.
   * 3. A head moved meanwhile (another shard appended) or the marker appeared: back off, go to 1.
   */
  async function appendOne(draft: EventDraft): Promise<PublishedEvent> {
    const accountScope: FeedScope = { kind: 'account', accountId: draft.accountId }
    const allScope: FeedScope = { kind: 'all' }
    for (let attempt = 0; ; attempt++) {
      const marker = await consistentGet(feedKeys.published(draft.id))
      // The draft is built again from the same stored change, so it is the event as appended: only
      // its sequence is kept in the marker (a comment's body is not written a third time).
      if (marker) return { ...draft, sequence: PublishedSequence.parse(marker.sequence) }

      const [accountHead, allHead] = await Promise.all([
        consistentGet(feedKeys.head(accountScope)),
        consistentGet(feedKeys.head(allScope)),
      ])
      const accountLast = lastOf(accountHead)
      const allLast = lastOf(allHead)
      const event: PublishedEvent = { ...draft, sequence: accountLast + 1 }
      const at = clock.now()
      const stored = {
        entity: 'feedEntry',
        publishedAt: at.toISOString(),
        event,
        expiresAt: Math.floor(at.getTime() / 1000) + keepSeconds,
      }
      const writes: TransactItem[] = [
        {
          Put: putIfAbsent(tableName, {
            ...feedKeys.published(draft.id),
            entity: 'publishedEvent',
            sequence: event.sequence,
            expiresAt: stored.expiresAt,
          }),
        },
        advanceHead(tableName, accountScope, accountLast),
        advanceHead(tableName, allScope, allLast),
        {
          Put: putIfAbsent(tableName, {
            ...feedKeys.entry(accountScope, accountLast + 1),
            ...stored,
            position: accountLast + 1,
          }),
        },
        {
          Put: putIfAbsent(tableName, {
            ...feedKeys.entry(allScope, allLast + 1),
            ...stored,
            position: allLast + 1,
          }),
        },
      ]
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: writes }))
        return event
      } catch (error) {
        if (!lostRace(error) || attempt + 1 >= maxAppendAttempts) throw error
        await sleep(backoffMs(attempt))
      }
    }
  }

  return {
    async append(drafts) {
      const published: PublishedEvent[] = []
      // One after the other: the events of one record keep their order in the account's sequence.
      for (const draft of drafts) published.push(await appendOne(draft))
      return published
    },

    /**
     * Walks the reader's feed from the cursor's position, position by position:
     * 1. An entry right after the last position is read: keep it if the reader may see it and it matches.
     * 2. A hole before the entry: skip it if the entry is older than a minute (TTL removed the
     *    missing ones), else end the page before it (an append not yet visible; the next read gets it).
     * 3. End at `limit` events, at the feed's end, or after 8 Queries; the cursor is the last
     *    position read, so entries skipped by the filters are not read again.
     */
    async read(query) {
      const codec = await cursorCodec()
      const context = readContext(query)
      const scope = scopeOfReader(query.reader)
      let last = 0
      if (query.after !== undefined) {
        let decoded: unknown
        try {
          decoded = codec.decode(query.after, context)
        } catch (error) {
          if (error instanceof ValidationError) throw invalidAfter()
          throw error
        }
        const position = FeedPosition.safeParse(decoded)
        if (!position.success) throw invalidAfter()
        last = position.data.last
      }

      const types = query.types?.length ? new Set<string>(query.types) : undefined
      const filtered = query.reader.kind !== 'staff' || types !== undefined || query.caseId !== undefined
      const matches = (event: PublishedEvent) =>
        mayReceive(query.reader, event) &&
        (types === undefined || types.has(event.type)) &&
        (query.caseId === undefined || event.caseId === query.caseId)
      const isSettledGap = (entry: StoredEntry) =>
        query.now.getTime() - Date.parse(entry.publishedAt) > settledGapMs

      const items: PublishedEvent[] = []
      const page = (hasMore: boolean): FeedPage => ({
        items,
        nextCursor: codec.encode({ last } satisfies z.infer<typeof FeedPosition>, context),
        hasMore,
      })
      for (let queries = 0; queries < maxQueriesPerRead; queries++) {
        const result = await doc.send(
          new QueryCommand({
            TableName: tableName,
            ...rangeConditionOf(feedAfter(scope, last)),
            ConsistentRead: true,
            ScanIndexForward: true,
            // Unfiltered, one more than the page needs tells whether more follows.
            Limit: filtered ? filteredQueryItems : query.limit - items.length + 1,
          }),
        )
        for (const item of result.Items ?? []) {
          if (items.length === query.limit) return page(true)
          const entry = StoredEntry.parse(item)
          if (entry.position !== last + 1 && !isSettledGap(entry)) return page(false)
          last = entry.position
          if (matches(entry.event)) items.push(entry.event)
        }
        if (!result.LastEvaluatedKey) return page(false)
        if (items.length === query.limit) return page(true)
      }
      return page(true)
    },
  }
}
