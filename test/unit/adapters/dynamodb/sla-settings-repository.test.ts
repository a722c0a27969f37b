import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { versionedSettingKeys } from '#src/adapters/dynamodb/keys.ts'
import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import { createSlaSettingsWriter } from '#src/adapters/dynamodb/sla-settings-writer.ts'
import { ConflictError } from '#src/domain/errors.ts'
import { type BusinessCalendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { defaultSlaPolicy } from '#src/domain/sla/policy.ts'

// The instance is mocked, not the class, so no other test file's client is touched.
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }))
const ddb = mockClient(doc)
const tableName = 'caseline-test'

const storedVienna: BusinessCalendar = { ...viennaCalendar, name: 'Vienna with the 2027 company holiday' }
const berlin: BusinessCalendar = {
  ...viennaCalendar,
  id: 'berlin',
  name: 'Berlin',
  timeZone: 'Europe/Berlin',
}
const viennaHead = versionedSettingKeys.head('calendar', 'vienna')

const repository = () => {
  const store = createSlaSettingsRepository(doc, tableName)
  return { ...store, ...createSlaSettingsWriter(doc, tableName, store) }
}

/** A cancelled transaction, for the reasons given item by item. */
function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  })
}

beforeEach(() => {
  ddb.reset()
  ddb.on(GetCommand).resolves({})
  ddb.on(TransactWriteCommand).resolves({})
})

afterEach(() => {
  vi.useRealTimers()
})

afterAll(() => {
  ddb.restore()
})

describe('the latest version', () => {
  it('answers the built-ins as version 1 when nothing is stored, reading each head once', async () => {
    const settings = repository()

    expect(await settings.calendar('vienna')).toEqual({ version: 1, definition: viennaCalendar })
    expect(await settings.calendar('follow-the-sun')).toEqual({
      version: 1,
      definition: followTheSunCalendar,
    })
    expect(await settings.policy('default')).toEqual({ version: 1, definition: defaultSlaPolicy })
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: tableName, Key: viennaHead },
      { TableName: tableName, Key: versionedSettingKeys.head('calendar', 'follow-the-sun') },
      { TableName: tableName, Key: versionedSettingKeys.head('policy', 'default') },
    ])
  })

  it('answers undefined for an id that is neither stored nor built in', async () => {
    const settings = repository()

    expect(await settings.calendar('atlantis')).toBeUndefined()
    expect(await settings.policy('platinum')).toBeUndefined()
  })

  it('answers the version the head holds', async () => {
    // Arrange
    ddb.on(GetCommand, { Key: viennaHead }).resolves({
      Item: {
        ...viennaHead,
        entity: 'calendar',
        definition: storedVienna,
        version: 4,
        savedAt: '2026-12-01T00:00:00.000Z',
      },
    })

    // Act
    const latest = await repository().calendar('vienna')

    // Assert
    expect(latest).toEqual({ version: 4, savedAt: '2026-12-01T00:00:00.000Z', definition: storedVienna })
  })
})

describe('the cache of the latest version', () => {
  it('answers a second read of the same calendar without asking the table', async () => {
    // Arrange
    const settings = repository()

    // Act
    await settings.calendar('vienna')
    const second = await settings.calendar('vienna')

    // Assert
    expect(second).toEqual({ version: 1, definition: viennaCalendar })
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1)
  })

  it('keeps calendars and policies apart, and unknown ids too', async () => {
    const settings = repository()

    await settings.calendar('default')
    await settings.policy('default')
    await settings.policy('default')
    await settings.policy('platinum')
    await settings.policy('platinum')

    expect(ddb.commandCalls(GetCommand)).toHaveLength(3)
  })

  it('reads the table again after a minute', async () => {
    // Arrange
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-18T12:00:00.000Z'))
    const settings = repository()
    await settings.calendar('vienna')

    // Act
    vi.setSystemTime(new Date('2026-12-18T12:00:59.000Z'))
    await settings.calendar('vienna')
    vi.setSystemTime(new Date('2026-12-18T12:01:01.000Z'))
    await settings.calendar('vienna')

    // Assert
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2)
  })

  it('does not cache a failed read', async () => {
    // Arrange
    ddb.on(GetCommand).rejectsOnce(new Error('ProvisionedThroughputExceededException')).resolves({})
    const settings = repository()

    // Act
    const first = settings.calendar('vienna')

    // Assert
    await expect(first).rejects.toThrow('ProvisionedThroughputExceededException')
    expect(await settings.calendar('vienna')).toEqual({ version: 1, definition: viennaCalendar })
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2)
  })

  it('forgets a setting when it is saved, and only that one', async () => {
    // Arrange
    const settings = repository()
    await settings.calendar('vienna')
    await settings.policy('default')

    // Act
    await settings.saveCalendar(storedVienna, '2026-12-18T12:00:00.000Z')
    await settings.calendar('vienna')
    await settings.policy('default')

    // Assert: the save's own consistent read, then the calendar's head again; the policy from the cache
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      viennaHead,
      versionedSettingKeys.head('policy', 'default'),
      viennaHead,
      viennaHead,
    ])
  })
})

describe('a given version', () => {
  it('answers the built-in version 1 without a read', async () => {
    const settings = repository()

    expect(await settings.calendar('vienna', 1)).toEqual({ version: 1, definition: viennaCalendar })
    expect(await settings.policy('default', 1)).toEqual({ version: 1, definition: defaultSlaPolicy })
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0)
  })

  it('reads a version once, consistently, and keeps it for the life of the instance', async () => {
    // Arrange
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-18T12:00:00.000Z'))
    const key = versionedSettingKeys.version('calendar', 'vienna', 3)
    ddb.on(GetCommand, { Key: key }).resolves({
      Item: {
        ...key,
        entity: 'calendarVersion',
        definition: storedVienna,
        version: 3,
        savedAt: '2026-12-01T00:00:00.000Z',
      },
    })
    const settings = repository()

    // Act
    const first = await settings.calendar('vienna', 3)
    vi.setSystemTime(new Date('2026-12-19T12:00:00.000Z'))
    const dayLater = await settings.calendar('vienna', 3)

    // Assert
    expect(first).toEqual({ version: 3, savedAt: '2026-12-01T00:00:00.000Z', definition: storedVienna })
    expect(dayLater).toEqual(first)
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: tableName, Key: key, ConsistentRead: true },
    ])
  })

  it('forgets its cached latest version when its writer saves, so the next read goes to the table', async () => {
    // Arrange: the latest vienna is read (and cached): the built-in, as nothing is stored
    const settings = repository()
    await settings.calendar('vienna')

    // Act
    await settings.saveCalendar({ ...berlin, id: 'vienna' }, '2026-12-18T12:00:00.000Z')
    await settings.calendar('vienna')

    // Assert: the first read, the save's consistent read of the head, and the read after the save
    expect(ddb.commandCalls(GetCommand)).toHaveLength(3)
  })
})

describe('saving', () => {
  it('puts the head while it holds no version yet and the version item while it is absent, in one transaction', async () => {
    // Act
    const saved = await repository().saveCalendar(berlin, '2026-12-18T12:00:00.000Z')

    // Assert
    const berlinHead = versionedSettingKeys.head('calendar', 'berlin')
    expect(saved).toEqual({ version: 1, savedAt: '2026-12-18T12:00:00.000Z', definition: berlin })
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: berlinHead,
      ConsistentRead: true,
    })
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
      {
        Put: {
          TableName: tableName,
          Item: { ...berlinHead, entity: 'calendar', ...saved },
          ConditionExpression: 'attribute_not_exists(#version)',
          ExpressionAttributeNames: { '#version': 'version' },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...versionedSettingKeys.version('calendar', 'berlin', 1),
            entity: 'calendarVersion',
            ...saved,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ])
  })

  it('puts the head only while it still holds the version read', async () => {
    // Arrange
    const policyHead = versionedSettingKeys.head('policy', 'default')
    ddb.on(GetCommand, { Key: policyHead }).resolves({
      Item: { ...policyHead, entity: 'slaPolicy', definition: defaultSlaPolicy, version: 6 },
    })

    // Act
    const saved = await repository().savePolicy(defaultSlaPolicy, '2026-12-18T12:00:00.000Z')

    // Assert
    expect(saved.version).toBe(7)
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Put).toMatchObject({
      Item: { ...policyHead, entity: 'slaPolicy', version: 7 },
      ConditionExpression: '#version = :read',
      ExpressionAttributeValues: { ':read': 6 },
    })
  })

  it('reads again and takes the next version when another save got there first', async () => {
    // Arrange
    ddb
      .on(GetCommand, { Key: viennaHead })
      .resolvesOnce({})
      .resolves({ Item: { ...viennaHead, entity: 'calendar', definition: storedVienna, version: 2 } })
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed'))
      .resolves({})

    // Act
    const saved = await repository().saveCalendar(storedVienna, '2026-12-18T12:00:00.000Z')

    // Assert
    expect(saved.version).toBe(3)
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2)
  })

  it('gives up with 409 after five lost races, and throws any other failure at once', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'))
    const settings = repository()

    // Act
    const raced = settings.saveCalendar(berlin, '2026-12-18T12:00:00.000Z')

    // Assert
    await expect(raced).rejects.toBeInstanceOf(ConflictError)
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(5)
    ddb.on(TransactWriteCommand).rejects(new Error('ValidationException'))
    await expect(settings.saveCalendar(berlin, '2026-12-18T12:00:00.000Z')).rejects.toThrow(
      'ValidationException',
    )
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(6)
  })

  it('keeps the version of a head stored before versions as an item of its own', async () => {
    // Arrange
    const legacy = {
      ...viennaHead,
      entity: 'calendar',
      definition: storedVienna,
      updatedAt: '2026-06-01T00:00:00.000Z',
    }
    ddb.on(GetCommand, { Key: viennaHead }).resolves({ Item: legacy })

    // Act
    const saved = await repository().saveCalendar(viennaCalendar, '2026-12-18T12:00:00.000Z')

    // Assert
    expect(saved.version).toBe(3)
    const writes = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(writes[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(#version)')
    expect(writes[2]).toEqual({
      Put: {
        TableName: tableName,
        Item: {
          ...versionedSettingKeys.version('calendar', 'vienna', 2),
          entity: 'calendarVersion',
          version: 2,
          savedAt: '2026-06-01T00:00:00.000Z',
          definition: storedVienna,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })
  })
})
