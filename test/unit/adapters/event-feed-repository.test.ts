import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { createEventFeedRepository } from '#src/adapters/dynamodb/event-feed-repository.ts'
import { feedKeys } from '#src/adapters/dynamodb/keys.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { EventDraft, PublishedEvent } from '#src/domain/events/envelope.ts'
import { fixedClock, rejectionOf } from '../fakes/core.ts'

const ddb = mockClient(DynamoDBDocumentClient)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  ddb.restore()
})
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }))
const cursors = createCursorCodec('a-cursor-secret-of-at-least-32-characters')
const at = new Date('2026-12-01T09:00:00.000Z')
const feed = createEventFeedRepository(doc, 'caseline-test', async () => cursors, fixedClock(at))
const ninetyDaysLater = Math.floor(at.getTime() / 1000) + 90 * 24 * 60 * 60

const draft: EventDraft = {
  id: 'evt_1',
  type: 'case.created',
  version: 1,
  time: '2026-12-01T08:59:59.000Z',
  accountId: 'acme',
  caseId: 'case-1',
  audience: 'account',
  data: {},
}
const accountHead = feedKeys.head({ kind: 'account', accountId: 'acme' })
const allHead = feedKeys.head({ kind: 'all' })

/** The consistent reads of one append attempt: the marker, then both heads at `account` and `all`. */
function heads(account: number | undefined, all: number | undefined) {
  ddb
    .on(GetCommand, { Key: feedKeys.published(draft.id) })
    .resolves({})
    .on(GetCommand, { Key: accountHead })
    .resolves(account === undefined ? {} : { Item: { ...accountHead, last: account } })
    .on(GetCommand, { Key: allHead })
    .resolves(all === undefined ? {} : { Item: { ...allHead, last: all } })
}

function cancelled(...codes: string[]): Error {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  })
}

function entryOf(position: number, event: PublishedEvent, publishedAt = at.toISOString()) {
  return { pk: 'FEED#ACCOUNT#acme', sk: `SEQ#${position}`, position, publishedAt, event }
}

beforeEach(() => {
  ddb.reset()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('appending', () => {
  it('answers an event appended before at the sequence it got, without writing', async () => {
    // Arrange
    const stored: PublishedEvent = { ...draft, sequence: 7 }
    ddb
      .on(GetCommand, { Key: feedKeys.published(draft.id) })
      .resolves({ Item: { sequence: 7, position: 70 } })
    ddb.on(GetCommand, { Key: accountHead }).resolves({ Item: { last: 9 } })
    ddb.on(GetCommand, { Key: allHead }).resolves({ Item: { last: 90 } })

    // Act
    const published = await feed.append([draft])

    // Assert
    expect(published).toEqual([stored])
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0)
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0)
  })

  it('moves a head its first append left behind when the retried record finds the marker', async () => {
    // Arrange
    ddb
      .on(GetCommand, { Key: feedKeys.published(draft.id) })
      .resolves({ Item: { sequence: 7, position: 70 } })
    ddb.on(GetCommand, { Key: accountHead }).resolves({ Item: { last: 7 } })
    ddb.on(GetCommand, { Key: allHead }).resolves({ Item: { last: 69 } })
    ddb.on(UpdateCommand).resolves({})

    // Act
    await feed.append([draft])

    // Assert
    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input)
    expect(updates).toEqual([
      expect.objectContaining({
        Key: allHead,
        ExpressionAttributeValues: expect.objectContaining({ ':last': 70 }),
      }),
    ])
  })

  it('writes the marker and both entries in one transaction, each only if absent, then moves both heads', async () => {
    // Arrange
    heads(4, 41)
    ddb.on(TransactWriteCommand).resolves({})
    ddb.on(UpdateCommand).resolves({})

    // Act
    const [published] = await feed.append([draft])

    // Assert
    expect(published).toEqual({ ...draft, sequence: 5 })
    for (const call of ddb.commandCalls(GetCommand)) expect(call.args[0].input.ConsistentRead).toBe(true)
    const writes = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(writes.map((w) => w.Put?.Item?.sk)).toEqual([
      'PUBLISHED',
      feedKeys.entry({ kind: 'account', accountId: 'acme' }, 5).sk,
      feedKeys.entry({ kind: 'all' }, 42).sk,
    ])
    for (const write of writes) expect(write.Put?.ConditionExpression).toBe('attribute_not_exists(pk)')
    expect(writes[0]?.Put?.Item).toMatchObject({ sequence: 5, position: 42, expiresAt: ninetyDaysLater })
    expect(writes[0]?.Put?.Item).not.toHaveProperty('event')
    expect(writes[1]?.Put?.Item).toMatchObject({ position: 5, event: published, expiresAt: ninetyDaysLater })
    expect(writes[2]?.Put?.Item).toMatchObject({
      position: 42,
      event: published,
      publishedAt: at.toISOString(),
    })
    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input)
    expect(updates).toEqual([
      expect.objectContaining({
        Key: accountHead,
        ConditionExpression: 'attribute_not_exists(#last) OR #last < :last',
        ExpressionAttributeValues: { ':entity': 'feedHead', ':last': 5 },
      }),
      expect.objectContaining({
        Key: allHead,
        ExpressionAttributeValues: { ':entity': 'feedHead', ':last': 42 },
      }),
    ])
  })

  it('starts a feed without a head at position 1', async () => {
    // Arrange
    heads(undefined, undefined)
    ddb.on(TransactWriteCommand).resolves({})
    ddb.on(UpdateCommand).resolves({})

    // Act
    const [published] = await feed.append([draft])

    // Assert
    expect(published?.sequence).toBe(1)
    const writes = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(writes[2]?.Put?.Item).toMatchObject({ position: 1 })
  })

  it('leaves a head another append moved further where it is', async () => {
    // Arrange
    heads(4, 41)
    ddb.on(TransactWriteCommand).resolves({})
    ddb
      .on(UpdateCommand)
      .rejects(Object.assign(new Error('moved'), { name: 'ConditionalCheckFailedException' }))

    // Act
    const [published] = await feed.append([draft])

    // Assert
    expect(published?.sequence).toBe(5)
  })

  it('retries past a position another append took, even while that append’s head is behind', async () => {
    // Arrange
    heads(4, 41)
    ddb.on(UpdateCommand).resolves({})
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'))
      .resolves({})

    // Act
    const [published] = await feed.append([draft])

    // Assert
    expect(published?.sequence).toBe(6)
    const retried = ddb.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems ?? []
    expect(retried.map((w) => w.Put?.Item?.position)).toEqual([43, 6, 43])
  })

  it('answers the stored event when a concurrent append of the same event won the race', async () => {
    // Arrange
    const stored: PublishedEvent = { ...draft, sequence: 5 }
    heads(4, 41)
    ddb
      .on(GetCommand, { Key: feedKeys.published(draft.id) })
      .resolvesOnce({})
      .resolves({ Item: { sequence: 5 } })
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'))

    // Act
    const published = await feed.append([draft])

    // Assert
    expect(published).toEqual([stored])
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1)
  })

  it('gives up after twenty lost races, so the stream retries the record', async () => {
    // Arrange
    vi.useFakeTimers()
    heads(4, 41)
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None'))

    // Act
    const appending = rejectionOf(feed.append([draft]))
    await vi.runAllTimersAsync()
    const error = await appending

    // Assert
    expect((error as Error).name).toBe('TransactionCanceledException')
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(20)
  })

  it('throws any other failure at once', async () => {
    // Arrange
    heads(4, 41)
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('too big'), { name: 'ValidationException' }))

    // Act
    const error = await rejectionOf(feed.append([draft]))

    // Assert
    expect((error as Error).name).toBe('ValidationException')
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1)
  })
})

describe('reading', () => {
  const reader = { kind: 'account', accountId: 'acme', role: 'customer' } as const
  const staffEvent = (n: number): PublishedEvent => ({ ...draft, id: `evt_${n}`, sequence: n })

  it('reads the reader’s feed consistently, oldest first, and always answers a cursor', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [entryOf(1, staffEvent(1)), entryOf(2, staffEvent(2))] })

    // Act
    const page = await feed.read({ reader: { kind: 'staff' }, limit: 5, now: at })

    // Assert
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input
    expect(query).toMatchObject({ ConsistentRead: true, ScanIndexForward: true, Limit: 6 })
    expect(query?.ExpressionAttributeValues?.[':pk']).toBe('FEED#ALL')
    expect(page.items.map((e) => e.id)).toEqual(['evt_1', 'evt_2'])
    expect(page.hasMore).toBe(false)
    expect(cursors.decode(page.nextCursor, JSON.stringify(['events', 'staff', [], null]))).toEqual({
      last: 2,
    })
  })

  it('answers a full page with more to read when an entry is left over', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({
      Items: [1, 2, 3].map((n) => entryOf(n, staffEvent(n))),
      LastEvaluatedKey: { pk: 'FEED#ALL', sk: 'SEQ#3' },
    })

    // Act
    const page = await feed.read({ reader: { kind: 'staff' }, limit: 2, now: at })

    // Assert
    expect(page.items).toHaveLength(2)
    expect(page.hasMore).toBe(true)
  })

  it('spends at most eight Queries on one page when filters skip most entries', async () => {
    // Arrange
    let position = 0
    ddb.on(QueryCommand).callsFake(() => {
      const items = Array.from({ length: 100 }, () => {
        position++
        return entryOf(position, { ...staffEvent(position), audience: 'staff' })
      })
      return { Items: items, LastEvaluatedKey: { pk: 'x', sk: 'y' } }
    })

    // Act
    const page = await feed.read({ reader, limit: 10, now: at })

    // Assert
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(8)
    expect(page.items).toEqual([])
    expect(page.hasMore).toBe(true)
  })

  it('refuses an `after` that is not a cursor of this reader and these filters', async () => {
    // Arrange
    const staffCursor = cursors.encode({ last: 3 }, JSON.stringify(['events', 'staff', [], null]))

    // Act
    const error = await rejectionOf(feed.read({ reader, after: staffCursor, limit: 10, now: at }))

    // Assert
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([expect.objectContaining({ parameter: 'after' })])
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0)
  })
})
