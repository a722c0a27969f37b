import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { slaSettingKeys } from '#src/adapters/dynamodb/keys.ts'
import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import { type BusinessCalendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { defaultSlaPolicy, type SlaPolicy } from '#src/domain/sla/policy.ts'

// The instance is mocked, not the class, so no other test file's client is touched.
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }))
const ddb = mockClient(doc)
const tableName = 'caseline-test'

const storedVienna: BusinessCalendar = {
  ...viennaCalendar,
  name: 'Vienna with the 2027 company holiday',
  extraClosedDates: [...viennaCalendar.extraClosedDates, { date: '2027-05-07', name: 'Company day' }],
}
const storedDefault: SlaPolicy = {
  ...defaultSlaPolicy,
  firstResponseMinutes: {
    ...defaultSlaPolicy.firstResponseMinutes,
    premium: { critical: 60, urgent: 120, standard: 240, low: 480 },
  },
}
const item = (key: { pk: string; sk: string }, entity: string, definition: unknown) => ({
  Item: { ...key, entity, definition, updatedAt: '2026-12-01T00:00:00.000Z' },
})

beforeEach(() => {
  ddb.reset()
  ddb.on(GetCommand).resolves({})
  ddb.on(PutCommand).resolves({})
})

afterEach(() => {
  vi.useRealTimers()
})

afterAll(() => {
  ddb.restore()
})

describe('built-in settings', () => {
  it('answers vienna, follow-the-sun and the default policy when nothing is stored', async () => {
    const settings = createSlaSettingsRepository(doc, tableName)

    expect(await settings.calendar('vienna')).toEqual(viennaCalendar)
    expect(await settings.calendar('follow-the-sun')).toEqual(followTheSunCalendar)
    expect(await settings.policy('default')).toEqual(defaultSlaPolicy)
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: tableName, Key: slaSettingKeys.calendar('vienna') },
      { TableName: tableName, Key: slaSettingKeys.calendar('follow-the-sun') },
      { TableName: tableName, Key: slaSettingKeys.policy('default') },
    ])
  })

  it('answers undefined for an id that is neither stored nor built in', async () => {
    const settings = createSlaSettingsRepository(doc, tableName)

    expect(await settings.calendar('atlantis')).toBeUndefined()
    expect(await settings.policy('platinum')).toBeUndefined()
  })
})

describe('stored settings', () => {
  it('lets a stored calendar or policy replace the built-in one of the same id', async () => {
    // Arrange
    ddb
      .on(GetCommand, { Key: slaSettingKeys.calendar('vienna') })
      .resolves(item(slaSettingKeys.calendar('vienna'), 'calendar', storedVienna))
    ddb
      .on(GetCommand, { Key: slaSettingKeys.policy('default') })
      .resolves(item(slaSettingKeys.policy('default'), 'slaPolicy', storedDefault))
    const settings = createSlaSettingsRepository(doc, tableName)

    // Act
    const calendar = await settings.calendar('vienna')
    const policy = await settings.policy('default')

    // Assert
    expect(calendar).toEqual(storedVienna)
    expect(policy).toEqual(storedDefault)
  })

  it('reads a stored calendar that is not built in', async () => {
    const berlin = { ...viennaCalendar, id: 'berlin', name: 'Berlin', timeZone: 'Europe/Berlin' }
    ddb
      .on(GetCommand, { Key: slaSettingKeys.calendar('berlin') })
      .resolves(item(slaSettingKeys.calendar('berlin'), 'calendar', berlin))
    const settings = createSlaSettingsRepository(doc, tableName)

    expect(await settings.calendar('berlin')).toEqual(berlin)
  })
})

describe('the cache', () => {
  it('answers a second read of the same calendar without asking the table', async () => {
    // Arrange
    const settings = createSlaSettingsRepository(doc, tableName)

    // Act
    await settings.calendar('vienna')
    const second = await settings.calendar('vienna')

    // Assert
    expect(second).toEqual(viennaCalendar)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1)
  })

  it('keeps calendars and policies apart, and unknown ids too', async () => {
    const settings = createSlaSettingsRepository(doc, tableName)

    await settings.calendar('default')
    await settings.policy('default')
    await settings.policy('default')
    await settings.policy('platinum')
    await settings.policy('platinum')

    expect(ddb.commandCalls(GetCommand)).toHaveLength(3)
    expect(await settings.policy('default')).toEqual(defaultSlaPolicy)
  })

  it('reads the table again after a minute', async () => {
    // Arrange
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-18T12:00:00.000Z'))
    const settings = createSlaSettingsRepository(doc, tableName)
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
    const settings = createSlaSettingsRepository(doc, tableName)

    // Act
    const first = settings.calendar('vienna')

    // Assert
    await expect(first).rejects.toThrow('ProvisionedThroughputExceededException')
    expect(await settings.calendar('vienna')).toEqual(viennaCalendar)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2)
  })

  it('forgets a calendar when it is saved, so the next read sees the stored one', async () => {
    // Arrange
    const settings = createSlaSettingsRepository(doc, tableName)
    await settings.calendar('vienna')
    ddb
      .on(GetCommand, { Key: slaSettingKeys.calendar('vienna') })
      .resolves(item(slaSettingKeys.calendar('vienna'), 'calendar', storedVienna))

    // Act
    await settings.saveCalendar(storedVienna, '2026-12-18T12:00:00.000Z')
    const after = await settings.calendar('vienna')

    // Assert
    expect(after).toEqual(storedVienna)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2)
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        ...slaSettingKeys.calendar('vienna'),
        entity: 'calendar',
        definition: storedVienna,
        updatedAt: '2026-12-18T12:00:00.000Z',
      },
    })
  })

  it('forgets a policy when it is saved', async () => {
    // Arrange
    const settings = createSlaSettingsRepository(doc, tableName)
    await settings.policy('default')
    await settings.calendar('vienna')

    // Act
    await settings.savePolicy(storedDefault, '2026-12-18T12:00:00.000Z')
    await settings.policy('default')
    await settings.calendar('vienna')

    // Assert: the policy is read again, the calendar still comes from the cache
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      slaSettingKeys.policy('default'),
      slaSettingKeys.calendar('vienna'),
      slaSettingKeys.policy('default'),
    ])
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      ...slaSettingKeys.policy('default'),
      entity: 'slaPolicy',
      definition: storedDefault,
    })
  })
})
