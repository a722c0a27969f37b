import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { queueKeys, routingSettingId, versionedSettingKeys } from '#src/adapters/dynamodb/keys.ts'
import { createQueueCatalogue } from '#src/adapters/dynamodb/queue-catalogue.ts'
import { createQueueSettingsRepository } from '#src/adapters/dynamodb/queue-settings-repository.ts'
import { createQueueSettingsWriter } from '#src/adapters/dynamodb/queue-settings-writer.ts'
import { seedQueues, seedRouting } from '#src/domain/queue-seeds.ts'
import { defaultQueueRouting, type Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'
import { documentTable } from '../../fakes/document-table.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()

const seeds = { queues: seedQueues(defaultQueueRouting, {}), routing: seedRouting(defaultQueueRouting) }
const routingHeadKey = versionedSettingKeys.head('routing', routingSettingId)
const seededAt = '2026-12-18T12:00:00.000Z'

const repository = () =>
  createQueueSettingsRepository(doc, tableName, createQueueCatalogue(doc, tableName, seeds.queues), seeds)

/** The commands sent that write, by name. */
const writesSent = () =>
  ddb
    .calls()
    .map((call) => (call.args[0] as object).constructor.name)
    .filter((name) => name !== 'GetCommand' && name !== 'QueryCommand')

let table: ReturnType<typeof documentTable>

beforeEach(() => {
  ddb.reset()
  table = documentTable(ddb)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('a fresh table', () => {
  it('answers the seeded queues and the seeded routing as version 1 without savedAt, and writes nothing', async () => {
    // Arrange
    const settings = repository()

    // Act
    const queues = await settings.listQueues()
    const latest = await settings.routing()
    const first = await settings.routing(1)

    // Assert
    expect(queues).toEqual(seeds.queues)
    expect(latest).toEqual({ version: 1, definition: seeds.routing })
    expect(first).toEqual({ version: 1, definition: seeds.routing })
    expect(writesSent()).toEqual([])
  })

  it('answers undefined for a routing version after 1', async () => {
    expect(await repository().routing(2)).toBeUndefined()
  })

  it('reads the queues with one Query of their partition and the routing with one GetItem of its head', async () => {
    // Arrange
    const settings = repository()

    // Act
    await settings.listQueues()
    await settings.routing()

    // Assert
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': 'QUEUES', ':prefix': 'QUEUE#' },
      },
    ])
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: tableName, Key: routingHeadKey },
    ])
  })
})

describe('keepSeeds', () => {
  it('puts every seed queue, routing version 1 and its head in one transaction, each if absent', async () => {
    // Act
    await repository().keepSeeds(seededAt)

    // Assert: all or nothing, so the queues are never kept without the head that says they were
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0)
    const transaction = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(transaction).toEqual([
      ...seeds.queues.map((queue) => ({
        Put: {
          TableName: tableName,
          Item: {
            ...queueKeys.item(queue.id),
            entity: 'queue',
            ...queue,
            createdAt: seededAt,
            updatedAt: seededAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      {
        Put: {
          TableName: tableName,
          Item: {
            ...routingHeadKey,
            entity: 'routing',
            version: 1,
            savedAt: seededAt,
            definition: seeds.routing,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...versionedSettingKeys.version('routing', routingSettingId, 1),
            entity: 'routingVersion',
            version: 1,
            savedAt: seededAt,
            definition: seeds.routing,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ])
  })

  it('knows what it kept: the next case in this instance reads neither queues nor routing', async () => {
    // Arrange: a fresh table, read once (the seeds), then kept
    const settings = repository()
    await settings.listQueues()
    await settings.routing()
    await settings.keepSeeds(seededAt)
    ddb.resetHistory()

    // Act
    const queues = await settings.listQueues()
    const latest = await settings.routing()

    // Assert
    expect(ddb.calls()).toHaveLength(0)
    expect(queues.map((queue) => queue.createdAt)).toEqual([seededAt, seededAt])
    expect(latest).toEqual({ version: 1, savedAt: seededAt, definition: seeds.routing })
  })

  it('after finding the seeds kept by another instance, answers the stored routing without another read', async () => {
    // Arrange: another instance kept them; this one still answers the seeds from its cache
    const settings = repository()
    await settings.routing()
    await repository().keepSeeds(seededAt)

    // Act
    await settings.keepSeeds('2026-12-18T13:00:00.000Z')
    ddb.resetHistory()
    const latest = await settings.routing()

    // Assert
    expect(ddb.calls()).toHaveLength(0)
    expect(latest).toMatchObject({ version: 1, savedAt: seededAt })
  })

  it('makes reads answer the stored data at once, the routing with the time it was kept', async () => {
    // Arrange: the fresh table's answers are cached
    const settings = repository()
    await settings.listQueues()
    await settings.routing()

    // Act
    await settings.keepSeeds(seededAt)
    const queues = await settings.listQueues()
    const latest = await settings.routing()

    // Assert
    expect(queues.map((queue) => queue.createdAt)).toEqual([seededAt, seededAt])
    expect(latest).toEqual({ version: 1, savedAt: seededAt, definition: seeds.routing })
    expect(await settings.routing(1)).toEqual(latest)
  })

  it('writes once: keeping the seeds again sends no write', async () => {
    // Arrange
    const settings = repository()
    await settings.keepSeeds(seededAt)
    const afterFirst = writesSent().length

    // Act
    await settings.keepSeeds('2026-12-18T13:00:00.000Z')
    await repository().keepSeeds('2026-12-18T14:00:00.000Z')

    // Assert
    expect(afterFirst).toBe(1)
    expect(writesSent()).toHaveLength(afterFirst)
    expect(await settings.routing()).toMatchObject({ version: 1, savedAt: seededAt })
  })

  it('does not bring back a seeded queue an admin deleted since', async () => {
    // Arrange: consulting deleted after a routing that no longer names it
    const settings = repository()
    await settings.keepSeeds(seededAt)
    const writer = createQueueSettingsWriter(doc, tableName, settings, async () => cursors)
    const supportOnly: Routing = { rules: [], defaultQueue: 'support' }
    const saved = await writer.saveRouting(supportOnly, await writer.latestRoutingFresh(), [], seededAt)
    const consulting = (await writer.listQueuesFresh()).find((queue) => queue.id === 'consulting') as Queue
    expect(await writer.deleteQueue(consulting, saved ? saved.version : 0)).toBe(true)

    // Act: the next admin change or filing keeps the seeds (a no-op by now)
    await repository().keepSeeds('2026-12-19T09:00:00.000Z')

    // Assert
    expect((await writer.listQueuesFresh()).map((queue) => queue.id)).toEqual(['support'])
  })

  it('changes nothing when another instance kept the seeds between this one’s check and its transaction', async () => {
    // Arrange: the other instance's queue is there; this transaction is cancelled by it
    const theirs = {
      ...queueKeys.item('support'),
      entity: 'queue',
      ...seeds.queues[1],
      teamAddress: 'x@caseline.example',
    }
    table.put(theirs)
    ddb.on(TransactWriteCommand).rejectsOnce(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }],
      }),
    )

    // Act
    const kept = repository().keepSeeds(seededAt)

    // Assert
    await expect(kept).resolves.toBeUndefined()
    expect(table.get(queueKeys.item('support'))).toEqual(theirs)
    expect(table.get(queueKeys.item('consulting'))).toBeUndefined()
  })
})

describe('the cache', () => {
  it('answers a second read within a minute without a command, and reads again after it', async () => {
    // Arrange
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-18T12:00:00.000Z'))
    const settings = repository()
    await settings.keepSeeds(seededAt)
    await settings.listQueues()
    await settings.routing()
    ddb.resetHistory()

    // Act
    vi.setSystemTime(new Date('2026-12-18T12:00:59.000Z'))
    const cachedQueues = await settings.listQueues()
    const cachedRouting = await settings.routing()
    const commandsWithinTheMinute = ddb.calls().length
    vi.setSystemTime(new Date('2026-12-18T12:01:01.000Z'))
    await settings.listQueues()
    await settings.routing()

    // Assert
    expect(commandsWithinTheMinute).toBe(0)
    expect(cachedQueues.map((queue) => queue.id)).toEqual(['consulting', 'support'])
    expect(cachedRouting?.savedAt).toBe(seededAt)
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1)
  })

  it('serves concurrent reads of the queues with one Query', async () => {
    const settings = repository()

    await Promise.all([settings.listQueues(), settings.listQueues(), settings.listQueues()])

    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1)
  })

  it('does not keep a failed read of the queues', async () => {
    // Arrange
    ddb
      .on(QueryCommand)
      .rejectsOnce(new Error('ProvisionedThroughputExceededException'))
      .resolves({ Items: [] })
    const settings = repository()

    // Act
    const first = settings.listQueues()

    // Assert
    await expect(first).rejects.toThrow('ProvisionedThroughputExceededException')
    expect(await settings.listQueues()).toEqual(seeds.queues)
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2)
  })

  it('keeps a routing version for the life of the instance, read consistently once', async () => {
    // Arrange
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-18T12:00:00.000Z'))
    const settings = repository()
    await settings.keepSeeds(seededAt)
    ddb.resetHistory()

    // Act
    await settings.routing(1)
    vi.setSystemTime(new Date('2026-12-19T12:00:00.000Z'))
    await settings.routing(1)

    // Assert
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: tableName,
        Key: versionedSettingKeys.version('routing', routingSettingId, 1),
        ConsistentRead: true,
      },
    ])
  })
})
