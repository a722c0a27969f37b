import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { queueKeys, routingSettingId, versionedSettingKeys } from '#src/adapters/dynamodb/keys.ts'
import { createQueueCatalogue } from '#src/adapters/dynamodb/queue-catalogue.ts'
import { createQueueSettingsRepository } from '#src/adapters/dynamodb/queue-settings-repository.ts'
import { createQueueSettingsWriter } from '#src/adapters/dynamodb/queue-settings-writer.ts'
import { ConflictError } from '#src/domain/errors.ts'
import { seedQueues, seedRouting } from '#src/domain/queue-seeds.ts'
import { defaultQueueRouting, type Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import { updateQueue } from '#src/use-cases/queues/manage-queues.ts'
import { putRouting } from '#src/use-cases/queues/routing.ts'
import { fixedClock, InMemoryCaseStore, now, rejectionOf } from '../../fakes/core.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'
import { documentTable } from '../../fakes/document-table.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()

const seeds = { queues: seedQueues(defaultQueueRouting, {}), routing: seedRouting(defaultQueueRouting) }
const routingHeadKey = versionedSettingKeys.head('routing', routingSettingId)
const seededAt = '2026-12-18T12:00:00.000Z'
const at = '2026-12-18T13:00:00.000Z'

const cloudOps: Queue = { id: 'cloud-ops', names: { de: 'Cloud', en: 'Cloud' }, active: true, version: 1 }
const outagesToCloudOps: Routing = {
  rules: [{ when: { caseTypes: ['cloud_outage'] }, queue: 'cloud-ops' }],
  defaultQueue: 'support',
}

let table: ReturnType<typeof documentTable>

/** A table whose seeds are kept, with `cloud-ops` added, and the reading repository and writer over it. */
async function setUp() {
  const store = createQueueSettingsRepository(
    doc,
    tableName,
    createQueueCatalogue(doc, tableName, seeds.queues),
    seeds,
  )
  const writer = createQueueSettingsWriter(doc, tableName, store, async () => cursors)
  await store.keepSeeds(seededAt)
  await writer.insertQueue(cloudOps)
  ddb.resetHistory()
  return { store, writer }
}

/** Another admin's routing save, straight into the table: the head moves on to `version`. */
function routingSavedElsewhere(version: number) {
  table.put({ ...routingHeadKey, entity: 'routing', version, savedAt: seededAt, definition: seeds.routing })
}

const transactionSent = (n = 0) =>
  ddb.commandCalls(TransactWriteCommand)[n]?.args[0].input.TransactItems ?? []

beforeEach(() => {
  ddb.reset()
  table = documentTable(ddb)
})

describe('reading afresh', () => {
  it('lists the queues with a consistent Query', async () => {
    const { writer } = await setUp()

    const queues = await writer.listQueuesFresh()

    expect(queues.map((queue) => queue.id)).toEqual(['cloud-ops', 'consulting', 'support'])
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ConsistentRead).toBe(true)
  })

  it('reads the routing head consistently', async () => {
    const { writer } = await setUp()

    const latest = await writer.latestRoutingFresh()

    expect(latest).toEqual({ version: 1, savedAt: seededAt, definition: seeds.routing })
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: tableName, Key: routingHeadKey, ConsistentRead: true },
    ])
  })

  it('refuses to read the routing before the seeds were kept', async () => {
    const store = createQueueSettingsRepository(
      doc,
      tableName,
      createQueueCatalogue(doc, tableName, seeds.queues),
      seeds,
    )
    const writer = createQueueSettingsWriter(doc, tableName, store, async () => cursors)

    await expect(writer.latestRoutingFresh()).rejects.toThrow('routing read before its seeds were kept')
  })
})

describe('insertQueue', () => {
  it('adds a queue only if its id is free, and answers false when it is taken', async () => {
    // Arrange
    const { writer } = await setUp()

    // Act
    const taken = await writer.insertQueue({ ...cloudOps, names: { de: 'Zweiter', en: 'Second' } })

    // Assert
    expect(taken).toBe(false)
    expect(table.get(queueKeys.item('cloud-ops'))).toMatchObject({ entity: 'queue', names: cloudOps.names })
  })

  it('tells the reading repository, which then reads the queues again', async () => {
    // Arrange
    const { store, writer } = await setUp()
    await store.listQueues()

    // Act
    await writer.insertQueue({ ...cloudOps, id: 'sales' })
    const queues = await store.listQueues()

    // Assert
    expect(queues.map((queue) => queue.id)).toContain('sales')
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2)
  })
})

describe('saveQueue', () => {
  it('puts the queue while it is at the expected version and the routing head at the version read', async () => {
    // Arrange
    const { writer } = await setUp()
    const next = { ...cloudOps, active: false, version: 2 }

    // Act
    const saved = await writer.saveQueue(next, 1, 1)

    // Assert
    expect(saved).toBe(true)
    expect(transactionSent()).toEqual([
      {
        Put: {
          TableName: tableName,
          Item: { ...queueKeys.item('cloud-ops'), entity: 'queue', ...next },
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': 1 },
        },
      },
      {
        ConditionCheck: {
          TableName: tableName,
          Key: routingHeadKey,
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': 1 },
        },
      },
    ])
    expect(table.get(queueKeys.item('cloud-ops'))).toMatchObject({ active: false, version: 2 })
  })

  it('answers false and writes nothing when the routing was saved meanwhile', async () => {
    // Arrange
    const { writer } = await setUp()
    routingSavedElsewhere(2)

    // Act
    const saved = await writer.saveQueue({ ...cloudOps, active: false, version: 2 }, 1, 1)

    // Assert
    expect(saved).toBe(false)
    expect(table.get(queueKeys.item('cloud-ops'))).toMatchObject({ active: true, version: 1 })
  })

  it('answers false when the queue is no longer at the expected version', async () => {
    const { writer } = await setUp()

    expect(await writer.saveQueue({ ...cloudOps, version: 4 }, 3, 1)).toBe(false)
  })

  it('throws a failure that is not a condition', async () => {
    // Arrange
    const { writer } = await setUp()
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }],
      }),
    )

    // Act
    const saving = writer.saveQueue({ ...cloudOps, version: 2 }, 1, 1)

    // Assert
    await expect(saving).rejects.toThrow('Transaction cancelled')
  })
})

describe('deleteQueue', () => {
  it('deletes the queue while it is at its version and the routing head at the version read', async () => {
    // Arrange
    const { writer } = await setUp()

    // Act
    const deleted = await writer.deleteQueue(cloudOps, 1)

    // Assert
    expect(deleted).toBe(true)
    expect(transactionSent()[0]).toEqual({
      Delete: {
        TableName: tableName,
        Key: queueKeys.item('cloud-ops'),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': 1 },
      },
    })
    expect(transactionSent()[1]?.ConditionCheck?.Key).toEqual(routingHeadKey)
    expect(table.get(queueKeys.item('cloud-ops'))).toBeUndefined()
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0)
  })

  it('answers false and keeps the queue when the routing was saved meanwhile', async () => {
    // Arrange
    const { writer } = await setUp()
    routingSavedElsewhere(2)

    // Act
    const deleted = await writer.deleteQueue(cloudOps, 1)

    // Assert
    expect(deleted).toBe(false)
    expect(table.get(queueKeys.item('cloud-ops'))).toBeDefined()
  })

  it('answers false when the queue changed meanwhile', async () => {
    const { writer } = await setUp()

    expect(await writer.deleteQueue({ ...cloudOps, version: 2 }, 1)).toBe(false)
  })
})

describe('saveRouting', () => {
  it('puts the head while at the expected version, the version item if absent, and checks each named queue', async () => {
    // Arrange
    const { writer } = await setUp()
    const expected = await writer.latestRoutingFresh()
    const queues = await writer.listQueuesFresh()
    ddb.resetHistory()

    // Act
    const saved = await writer.saveRouting(outagesToCloudOps, expected, queues, at)

    // Assert
    const version = { version: 2, savedAt: at, definition: outagesToCloudOps }
    expect(saved).toEqual(version)
    const items = transactionSent()
    expect(items[0]).toEqual({
      Put: {
        TableName: tableName,
        Item: { ...routingHeadKey, entity: 'routing', ...version },
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': 1 },
      },
    })
    expect(items[1]).toEqual({
      Put: {
        TableName: tableName,
        Item: {
          ...versionedSettingKeys.version('routing', routingSettingId, 2),
          entity: 'routingVersion',
          ...version,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })
    // cloud-ops (a rule) and support (the default queue), not consulting
    expect(
      items
        .slice(2)
        .map((item) => [item.ConditionCheck?.Key, item.ConditionCheck?.ExpressionAttributeValues]),
    ).toEqual([
      [queueKeys.item('cloud-ops'), { ':version': 1 }],
      [queueKeys.item('support'), { ':version': 1 }],
    ])
  })

  it('answers false when another admin saved the routing meanwhile', async () => {
    // Arrange
    const { writer } = await setUp()
    const expected = await writer.latestRoutingFresh()
    const queues = await writer.listQueuesFresh()
    routingSavedElsewhere(2)

    // Act
    const saved = await writer.saveRouting(outagesToCloudOps, expected, queues, at)

    // Assert
    expect(saved).toBe(false)
    expect(table.get(versionedSettingKeys.version('routing', routingSettingId, 2))).toBeUndefined()
  })

  it('answers false when a queue it names changed meanwhile', async () => {
    // Arrange
    const { writer } = await setUp()
    const expected = await writer.latestRoutingFresh()
    const queues = await writer.listQueuesFresh()
    await writer.saveQueue({ ...cloudOps, active: false, version: 2 }, 1, 1)

    // Act
    const saved = await writer.saveRouting(outagesToCloudOps, expected, queues, at)

    // Assert
    expect(saved).toBe(false)
    expect(table.get(routingHeadKey)).toMatchObject({ version: 1 })
  })

  it('tells the reading repository, which answers the new version at once', async () => {
    // Arrange
    const { store, writer } = await setUp()
    await store.routing()

    // Act
    await writer.saveRouting(
      outagesToCloudOps,
      await writer.latestRoutingFresh(),
      await writer.listQueuesFresh(),
      at,
    )

    // Assert
    expect(await store.routing()).toEqual({ version: 2, savedAt: at, definition: outagesToCloudOps })
  })

  it('lists the stored versions newest first', async () => {
    // Arrange
    const { writer } = await setUp()
    await writer.saveRouting(
      outagesToCloudOps,
      await writer.latestRoutingFresh(),
      await writer.listQueuesFresh(),
      at,
    )
    ddb.on(QueryCommand).resolves({
      Items: [2, 1]
        .map((version) => table.get(versionedSettingKeys.version('routing', routingSettingId, version)))
        .filter((item) => item !== undefined),
    })

    // Act
    const page = await writer.listRoutingVersions({ limit: 10 })

    // Assert
    expect(page.items.map((version) => version.version)).toEqual([2, 1])
    expect(page.nextCursor).toBeNull()
  })
})

describe('the use cases over the table', () => {
  const depsOf = (
    store: ReturnType<typeof createQueueSettingsRepository>,
    writer: ReturnType<typeof createQueueSettingsWriter>,
  ) => ({
    queues: store,
    queueAdmin: writer,
    cases: new InMemoryCaseStore(),
    clock: fixedClock(),
  })

  it('putRouting reads again and saves after the version another admin saved first', async () => {
    // Arrange: another admin's save lands just before this one's first transaction
    const { store, writer } = await setUp()
    const racing = { ...writer, saveRouting: writer.saveRouting }
    let raced = false
    racing.saveRouting = async (...args) => {
      if (!raced) {
        raced = true
        routingSavedElsewhere(2)
      }
      return writer.saveRouting(...args)
    }

    // Act
    const saved = await putRouting(outagesToCloudOps, undefined, {
      ...depsOf(store, writer),
      queueAdmin: racing,
    })

    // Assert
    expect(saved).toMatchObject({ version: 3, savedAt: now.toISOString() })
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2)
    expect(table.get(routingHeadKey)).toMatchObject({ version: 3 })
  })

  it('putRouting answers 409 after three transactions lost to others', async () => {
    // Arrange
    const { store, writer } = await setUp()
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    )

    // Act
    const error = await rejectionOf(putRouting(outagesToCloudOps, undefined, depsOf(store, writer)))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3)
  })

  it('updateQueue answers 409 when the routing head moved between its read and the save', async () => {
    // Arrange
    const { store, writer } = await setUp()
    const racing = {
      ...writer,
      saveQueue: async (queue: Queue, expectedVersion: number, routingVersion: number) => {
        routingSavedElsewhere(2)
        return writer.saveQueue(queue, expectedVersion, routingVersion)
      },
    }

    // Act
    const error = await rejectionOf(
      updateQueue(
        'cloud-ops',
        1,
        { names: { de: 'x', en: 'x' } },
        { ...depsOf(store, writer), queueAdmin: racing },
      ),
    )

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(table.get(queueKeys.item('cloud-ops'))).toMatchObject({ names: cloudOps.names, version: 1 })
  })
})
