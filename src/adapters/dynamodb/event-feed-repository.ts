import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
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
import { cancellationCodes, conditionHeld, lostRace, putIfAbsent, type TransactItem } from './conditions.ts'
import { type FeedScope, feedAfter, feedKeys, keyAttributesOf, type RangeAccessPattern } from './keys.ts'

/** How long the feed keeps an event (docs/integrations.md, the change feed): its entries and its marker expire by TTL. */
const keepSeconds = 90 * 24 * 60 * 60

/**
 * A hole in a feed whose next entry is older than this cannot be an append still on its way (an
 * append commits its entries together, within seconds): it is an entry TTL removed, and is
 * skipped. A younger hole ends the page before it, so the next read picks the event up.
 */
const settledGapMs = 60_000

/**
 * Appends that lose the race for a position (parallel stream shards) read the heads again and
 * retry, this often at most, with backoff (about 8 s in all at worst): beyond that the stream
 * retries the record.
 */
const maxAppendAttempts = 20

/** How many Queries one read may spend (the repository's convention, as in paged-query.ts). */
const maxQueriesPerRead = 8

/** Entries one Query reads when the reader filters: most may be skipped, so read more per request. */
const filteredQueryItems = 100

const StoredEvent = z.extend(EventEnvelope, { audience: z.enum(eventAudiences) })

/**
 * What the marker of a published event keeps: the sequence it got in its account's feed and its
 * position in the all-accounts feed (absent in markers written before the heads left the
 * transaction, whose heads moved with it).
 */
const PublishedMarker = z.object({
  sequence: z.int().check(z.positive()),
  position: z.optional(z.int().check(z.positive())),
})
type PublishedMarker = z.infer<typeof PublishedMarker>

/**
 * The index entry of an event about a contact (`contact.*`), so an erasure finds where the person's
 * name and address were published (docs/privacy.md); none for other events.
 */
function contactEventIndexesOf(draft: EventDraft): Record<string, string> {
  if (!draft.type.startsWith('contact.')) return {}
  const data = draft.data as { contactId?: unknown; contact?: { id?: unknown } }
  const contactId = data.contactId ?? data.contact?.id
  return typeof contactId === 'string' ? feedKeys.contactEventIndexes(contactId, draft.time, draft.id) : {}
}

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

/** The Put of a feed entry at `position`, only while the position is free: the claim of the position. */
function claimPosition(
  tableName: string,
  scope: FeedScope,
  position: number,
  stored: Record<string, unknown>,
): TransactItem {
  return { Put: putIfAbsent(tableName, { ...feedKeys.entry(scope, position), ...stored, position }) }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Full jitter, doubling from 20 ms up to 500 ms: appenders that collided spread apart. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(500, 20 * 2 ** attempt)
}

/**
 * The change feed in the single table (docs/data-model.md, docs/integrations.md): per account and
 * for all accounts one entry per position, dense (1, 2, 3, …), so a reader tells a hole from the
 * end, and a head item (the last position taken, which outlives the entries' expiry); and one
 * marker per published event id with the positions it got, so a retried stream record keeps them.
 * `clock` dates the entries (their age tells an expired entry's hole from a concurrent append) and
 * their expiry. `cursorCodec` is resolved on the first read only: the event handler never needs
 * the signing key.
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

  /** The heads' positions now: the last position each feed is known to have taken. */
  async function readHeads(accountScope: FeedScope, allScope: FeedScope): Promise<[number, number]> {
    const [accountHead, allHead] = await Promise.all([
      consistentGet(feedKeys.head(accountScope)),
      consistentGet(feedKeys.head(allScope)),
    ])
    return [lastOf(accountHead), lastOf(allHead)]
  }

  /** Moves a head up to `last`, unless it is there or beyond already (another append moved it further). */
  async function raiseHead(scope: FeedScope, last: number): Promise<void> {
    await conditionHeld(
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: feedKeys.head(scope),
          UpdateExpression: 'SET #entity = :entity, #last = :last',
          ConditionExpression: 'attribute_not_exists(#last) OR #last < :last',
          ExpressionAttributeNames: { '#entity': 'entity', '#last': 'last' },
          ExpressionAttributeValues: { ':entity': 'feedHead', ':last': last },
        }),
      ),
    )
  }

  /**
   * The heads' catch-up after a retried record found its marker: an append whose head update
   * failed threw, so its record comes back here and moves the heads it left behind. Without it a
   * feed that then stayed idle until its entries expired would give its positions out again.
   */
  async function catchUpHeads(marker: PublishedMarker, accountScope: FeedScope, allScope: FeedScope) {
    const { position } = marker
    if (position === undefined) return
    const [accountLast, allLast] = await readHeads(accountScope, allScope)
    await Promise.all([
      accountLast < marker.sequence ? raiseHead(accountScope, marker.sequence) : undefined,
      allLast < position ? raiseHead(allScope, position) : undefined,
    ])
  }

  /**
   * Appends one event, or answers it as stored when it was appended before.
   * 1. The marker exists: the event was appended before (a retried record) — catch the heads up, answer it.
   * 2. Read both heads; in one transaction write the marker and both entries, each at the position
   *    after its head, each only if absent: the entries' conditions claim the positions, so two
   *    appenders never share one and both feeds give an account's events the same order.
   * 3. Move both heads to the positions taken (plain conditional updates, outside the transaction:
   *    a transaction bills every item twice, docs/performance.md).
   * 4. A position was taken meanwhile (another shard appended, or its head is behind) or the marker
   *    appeared: back off, go to 1, past the taken positions.
   */
  async function appendOne(draft: EventDraft): Promise<PublishedEvent> {
    const accountScope: FeedScope = { kind: 'account', accountId: draft.accountId }
    const allScope: FeedScope = { kind: 'all' }
    // Positions seen taken: a head may lag behind its feed's last entry while its append finishes.
    let accountFloor = 1
    let allFloor = 1
    for (let attempt = 0; ; attempt++) {
      const found = await consistentGet(feedKeys.published(draft.id))
      if (found) {
        const marker = PublishedMarker.parse(found)
        await catchUpHeads(marker, accountScope, allScope)
        // The draft is built again from the same stored change, so it is the event as appended: only
        // its positions are kept in the marker (a comment's body is not written a third time).
        return { ...draft, sequence: marker.sequence }
      }

      const [accountLast, allLast] = await readHeads(accountScope, allScope)
      const sequence = Math.max(accountLast + 1, accountFloor)
      const position = Math.max(allLast + 1, allFloor)
      const event: PublishedEvent = { ...draft, sequence }
      const at = clock.now()
      const expiresAt = Math.floor(at.getTime() / 1000) + keepSeconds
      const stored = { entity: 'feedEntry', publishedAt: at.toISOString(), event, expiresAt }
      const writes: TransactItem[] = [
        {
          Put: putIfAbsent(tableName, {
            ...feedKeys.published(draft.id),
            ...contactEventIndexesOf(draft),
            entity: 'publishedEvent',
            sequence,
            position,
            expiresAt,
          }),
        },
        claimPosition(tableName, accountScope, sequence, stored),
        claimPosition(tableName, allScope, position, stored),
      ]
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: writes }))
      } catch (error) {
        if (!lostRace(error) || attempt + 1 >= maxAppendAttempts) throw error
        const [, accountTaken, allTaken] = cancellationCodes(error)
        if (accountTaken === 'ConditionalCheckFailed') accountFloor = sequence + 1
        if (allTaken === 'ConditionalCheckFailed') allFloor = position + 1
        await sleep(backoffMs(attempt))
        continue
      }
      await Promise.all([raiseHead(accountScope, sequence), raiseHead(allScope, position)])
      return event
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
