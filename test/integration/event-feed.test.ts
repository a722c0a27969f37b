import { randomUUID } from 'node:crypto'
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { createEventFeedRepository } from '#src/adapters/dynamodb/event-feed-repository.ts'
import { type FeedScope, feedKeys } from '#src/adapters/dynamodb/keys.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { EventDraft, EventReader, PublishedEvent } from '#src/domain/events/envelope.ts'
import type { EventFeed, FeedPage, FeedQuery } from '#src/use-cases/ports/events.ts'
import { useLocalTables } from './local-tables.ts'

/**
 * The change feed against DynamoDB Local (docs/integrations.md, the change feed): dense sequences
 * under concurrent appends, idempotent re-appends, holes young and old, visibility and filters.
 * Each test gets a table of its own, so the all-accounts feed holds only its events.
 */

const { doc, freshTable: aTable } = useLocalTables('feed')
const codec = createCursorCodec('an-event-feed-test-secret-of-32-characters')

const staff: EventReader = { kind: 'staff' }
const acmeCustomer: EventReader = { kind: 'account', accountId: 'acme', role: 'customer' }
const acmeAdmin: EventReader = { kind: 'account', accountId: 'acme', role: 'customer_admin' }
const globexAdmin: EventReader = { kind: 'account', accountId: 'globex', role: 'customer_admin' }

/** A clock the test moves: dates the entries the feed writes. */
const clock = { at: new Date('2026-12-01T09:00:00.000Z'), now: () => new Date(clock.at) }

interface TestFeed {
  feed: EventFeed
  tableName: string
}

async function freshFeed(): Promise<TestFeed> {
  const tableName = await aTable()
  return { feed: createEventFeedRepository(doc, tableName, async () => codec, clock), tableName }
}

function aDraft(overrides: Partial<EventDraft> = {}): EventDraft {
  return {
    id: `evt_${randomUUID()}`,
    type: 'case.commented',
    version: 1,
    time: clock.now().toISOString(),
    accountId: 'acme',
    caseId: 'case-1',
    audience: 'account',
    data: {},
    ...overrides,
  }
}

/** Reads the whole feed in pages of `limit`, as a poller would, until it is up to date. */
async function readAll(
  feed: EventFeed,
  query: Omit<FeedQuery, 'now' | 'limit' | 'after'>,
  limit = 7,
): Promise<{ events: PublishedEvent[]; pages: FeedPage[] }> {
  const pages: FeedPage[] = []
  let after: string | undefined
  do {
    const page = await feed.read({ ...query, after, limit, now: clock.now() })
    pages.push(page)
    after = page.nextCursor
  } while (pages.at(-1)?.hasMore && pages.length < 200)
  return { events: pages.flatMap((page) => page.items), pages }
}

describe('appending to the change feed', () => {
  // 200 contended appends take seconds on a quiet machine and far more on a busy one: the timeout
  // guards against a hang, it is no speed target (those live in the bench).
  it('gives 200 events from 4 concurrent appenders dense sequences, and pages of 7 return each exactly once in order', {
    timeout: 90_000,
  }, async () => {
    // Arrange
    const { feed } = await freshFeed()
    const drafts = Array.from({ length: 200 }, (_, i) =>
      aDraft({ accountId: i % 3 === 0 ? 'globex' : 'acme', data: { n: i } }),
    )
    const appenders = [0, 1, 2, 3].map((a) => drafts.filter((_, i) => i % 4 === a))

    // Act: four appenders, one event per append, and a poller reading while they append.
    const polled: PublishedEvent[] = []
    let appending = true
    const poller = (async () => {
      let after: string | undefined
      for (;;) {
        const done = !appending
        const page = await feed.read({ reader: staff, after, limit: 7, now: clock.now() })
        polled.push(...page.items)
        after = page.nextCursor
        if (done && !page.hasMore) return
        // Up to date: poll again a little later, as a client would.
        if (!page.hasMore) await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    const appended = Promise.all(
      appenders.map(async (own) => {
        const out: PublishedEvent[] = []
        for (const draft of own) out.push(...(await feed.append([draft])))
        return out
      }),
    )
    // The poller stops with the appenders, also when one of them fails.
    let published: PublishedEvent[]
    try {
      published = (await appended).flat()
    } finally {
      appending = false
      await poller
    }

    // Assert: per account, the sequences are 1..n with no gap and no repeat.
    for (const accountId of ['acme', 'globex']) {
      const sequences = published.filter((e) => e.accountId === accountId).map((e) => e.sequence)
      expect(sequences.sort((a, b) => a - b)).toEqual(
        Array.from({ length: sequences.length }, (_, i) => i + 1),
      )
    }
    const staffRead = await readAll(feed, { reader: staff })
    expect(staffRead.events.map((e) => e.id).sort()).toEqual(drafts.map((d) => d.id).sort())
    expect(staffRead.pages.slice(0, -1).every((page) => page.items.length === 7)).toBe(true)
    expect(polled.map((e) => e.id)).toEqual(staffRead.events.map((e) => e.id))
    // Within an account the all-accounts feed keeps the account's order.
    const acmeInAll = staffRead.events.filter((e) => e.accountId === 'acme').map((e) => e.sequence)
    expect(acmeInAll).toEqual([...acmeInAll].sort((a, b) => a - b))
    const acmeRead = await readAll(feed, { reader: acmeAdmin })
    expect(acmeRead.events.map((e) => e.sequence)).toEqual(
      Array.from({ length: acmeRead.events.length }, (_, i) => i + 1),
    )
    expect(acmeRead.events.every((e) => e.accountId === 'acme')).toBe(true)
  })

  it('keeps the sequence of an event appended again (a retried stream record) and gives out no new one', async () => {
    // Arrange
    const { feed } = await freshFeed()
    const [first, second] = [aDraft(), aDraft()]
    const [stored] = await feed.append([first as EventDraft])

    // Act
    const again = await feed.append([first as EventDraft, second as EventDraft])

    // Assert
    expect(again[0]).toEqual(stored)
    expect(again[1]?.sequence).toBe(2)
    const { events } = await readAll(feed, { reader: staff })
    expect(events.map((e) => e.id)).toEqual([first?.id, second?.id])
  })

  it('writes each entry with a 90-day expiry', async () => {
    // Arrange
    const { feed, tableName } = await freshFeed()

    // Act
    await feed.append([aDraft()])

    // Assert
    const entry = await doc.send(
      new GetCommand({
        TableName: tableName,
        Key: feedKeys.entry({ kind: 'account', accountId: 'acme' }, 1),
      }),
    )
    expect(entry.Item?.expiresAt).toBe(Math.floor(clock.at.getTime() / 1000) + 90 * 24 * 60 * 60)
  })
})

describe('reading past a hole', () => {
  const acmeFeed: FeedScope = { kind: 'account', accountId: 'acme' }

  async function feedOfFive() {
    const { feed, tableName } = await freshFeed()
    const published = await feed.append(Array.from({ length: 5 }, () => aDraft()))
    const entry3 = await doc.send(
      new GetCommand({ TableName: tableName, Key: feedKeys.entry(acmeFeed, 3), ConsistentRead: true }),
    )
    await doc.send(new DeleteCommand({ TableName: tableName, Key: feedKeys.entry(acmeFeed, 3) }))
    return { feed, tableName, published, entry3: entry3.Item as Record<string, unknown> }
  }

  it('stops before a young hole and picks the event up once it is visible', async () => {
    // Arrange: entry 3 is not (yet) there, the entries after it were written just now.
    const { feed, tableName, published, entry3 } = await feedOfFive()

    // Act
    const before = await feed.read({ reader: acmeCustomer, limit: 10, now: clock.now() })
    await doc.send(new PutCommand({ TableName: tableName, Item: entry3 }))
    const after = await feed.read({
      reader: acmeCustomer,
      after: before.nextCursor,
      limit: 10,
      now: clock.now(),
    })

    // Assert
    expect(before.items.map((e) => e.sequence)).toEqual([1, 2])
    expect(before.hasMore).toBe(false)
    expect(after.items.map((e) => e.id)).toEqual(published.slice(2).map((e) => e.id))
  })

  it('skips a hole whose next entry is older than a minute: an entry TTL removed', async () => {
    // Arrange
    const { feed } = await feedOfFive()
    const aMinuteLater = new Date(clock.at.getTime() + 61_000)

    // Act
    const page = await feed.read({ reader: acmeCustomer, limit: 10, now: aMinuteLater })

    // Assert
    expect(page.items.map((e) => e.sequence)).toEqual([1, 2, 4, 5])
    expect(page.hasMore).toBe(false)
  })
})

describe('who reads what', () => {
  it('shows a customer its account’s account events, a customer admin also account-admin events, staff everything', async () => {
    // Arrange
    const { feed } = await freshFeed()
    const drafts = [
      aDraft({ type: 'case.created', audience: 'account' }),
      aDraft({ type: 'case.note_added', audience: 'staff' }),
      aDraft({ type: 'contact.created', audience: 'account_admin', caseId: undefined }),
      aDraft({ type: 'case.created', audience: 'account', accountId: 'globex' }),
      aDraft({ type: 'case.commented', audience: 'account' }),
    ]
    await feed.append(drafts)
    const ids = (...indexes: number[]) => indexes.map((i) => drafts[i]?.id)

    // Act
    const read = async (reader: EventReader) => (await readAll(feed, { reader })).events.map((e) => e.id)

    // Assert
    expect(await read(acmeCustomer)).toEqual(ids(0, 4))
    expect(await read(acmeAdmin)).toEqual(ids(0, 2, 4))
    expect(await read(globexAdmin)).toEqual(ids(3))
    expect(await read(staff)).toEqual(ids(0, 1, 2, 3, 4))
  })

  it('filters by type and case, and moves the cursor past what it skipped', async () => {
    // Arrange
    const { feed } = await freshFeed()
    const drafts = [
      aDraft({ type: 'case.created', caseId: 'case-1' }),
      aDraft({ type: 'case.commented', caseId: 'case-2' }),
      aDraft({ type: 'case.commented', caseId: 'case-1' }),
      aDraft({ type: 'case.created', caseId: 'case-2' }),
    ]
    await feed.append(drafts)

    // Act
    const commented = await feed.read({
      reader: staff,
      types: ['case.commented'],
      limit: 10,
      now: clock.now(),
    })
    const ofCase1 = await feed.read({ reader: acmeCustomer, caseId: 'case-1', limit: 10, now: clock.now() })
    const later = aDraft({ type: 'case.commented', caseId: 'case-1' })
    await feed.append([aDraft({ type: 'case.created', caseId: 'case-1' }), later])
    const next = await feed.read({
      reader: staff,
      types: ['case.commented'],
      after: commented.nextCursor,
      limit: 10,
      now: clock.now(),
    })

    // Assert
    expect(commented.items.map((e) => e.id)).toEqual([drafts[1]?.id, drafts[2]?.id])
    expect(ofCase1.items.map((e) => e.id)).toEqual([drafts[0]?.id, drafts[2]?.id])
    expect(next.items.map((e) => e.id)).toEqual([later.id])
    expect(next.hasMore).toBe(false)
  })

  it('refuses a cursor of another account, of other filters, or a forged one', async () => {
    // Arrange
    const { feed } = await freshFeed()
    await feed.append([aDraft(), aDraft({ accountId: 'globex' })])
    const acmeCursor = (await feed.read({ reader: acmeAdmin, limit: 1, now: clock.now() })).nextCursor
    const signature = acmeCursor.split('.')[1]
    const forged = `${Buffer.from(JSON.stringify({ last: 0 })).toString('base64url')}.${signature}`

    // Act
    const attempts = [
      feed.read({ reader: globexAdmin, after: acmeCursor, limit: 10, now: clock.now() }),
      feed.read({
        reader: acmeAdmin,
        after: acmeCursor,
        types: ['case.created'],
        limit: 10,
        now: clock.now(),
      }),
      feed.read({ reader: acmeAdmin, after: forged, limit: 10, now: clock.now() }),
    ]

    // Assert
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(ValidationError)
  })
})
