import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type LocalEventBridge, startEventBridgeEndpoint } from '#local/eventbridge-endpoint.ts'

const busName = 'caseline-test-events'
const clock = new Date('2026-12-02T09:14:03.000Z')

/** The real client, as the event handler's adapter builds it locally (endpoint override, any credentials). */
function clientFor(endpoint: string): EventBridgeClient {
  return new EventBridgeClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
}

const entry = (type: string, detail: unknown = { id: `evt_${type}` }) => ({
  EventBusName: busName,
  Source: 'caseline',
  DetailType: type,
  Detail: JSON.stringify(detail),
})

describe('the local EventBridge endpoint', () => {
  let bus: LocalEventBridge
  let client: EventBridgeClient

  beforeEach(async () => {
    bus = await startEventBridgeEndpoint({ busName, now: () => clock })
    client = clientFor(bus.url)
  })
  afterEach(async () => {
    client.destroy()
    await bus.stop()
  })

  it('answers PutEvents from the real client with an EventId per entry and keeps the events', async () => {
    // Act
    const result = await client.send(
      new PutEventsCommand({ Entries: [entry('case.created', { id: 'evt_1', accountId: 'acme' })] }),
    )

    // Assert
    expect(result.FailedEntryCount).toBe(0)
    expect(result.Entries).toHaveLength(1)
    const eventId = result.Entries?.[0]?.EventId
    expect(eventId).toEqual(expect.any(String))
    expect(bus.published()).toEqual([
      {
        id: eventId,
        time: clock.toISOString(),
        source: 'caseline',
        detailType: 'case.created',
        eventBusName: busName,
        resources: [],
        detail: { id: 'evt_1', accountId: 'acme' },
      },
    ])
  })

  it('keeps an entry’s own Time, sent by the SDK as epoch seconds', async () => {
    // Act
    await client.send(
      new PutEventsCommand({
        Entries: [{ ...entry('case.created'), Time: new Date('2026-01-01T00:00:05Z') }],
      }),
    )

    // Assert
    expect(bus.published()[0]?.time).toBe('2026-01-01T00:00:05.000Z')
  })

  it('accepts the bus by its ARN', async () => {
    // Act
    const result = await client.send(
      new PutEventsCommand({ Entries: [{ ...entry('case.created'), EventBusName: bus.busArn }] }),
    )

    // Assert
    expect(result.FailedEntryCount).toBe(0)
    expect(bus.published()).toHaveLength(1)
  })

  it('lists newest first, by type and up to a limit', async () => {
    // Arrange
    await client.send(
      new PutEventsCommand({
        Entries: [
          entry('case.created', { n: 1 }),
          entry('case.commented', { n: 2 }),
          entry('case.created', { n: 3 }),
        ],
      }),
    )

    // Act
    const all = bus.published()
    const created = bus.published({ type: 'case.created' })
    const newest = bus.published({ limit: 1 })

    // Assert
    expect(all.map((e) => e.detail)).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }])
    expect(created.map((e) => e.detail)).toEqual([{ n: 3 }, { n: 1 }])
    expect(newest.map((e) => e.detail)).toEqual([{ n: 3 }])
  })

  it('fails entries for another bus and malformed detail, as EventBridge does, keeping the others', async () => {
    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...entry('case.created'), EventBusName: 'someone-elses-bus' },
          { ...entry('case.created'), Detail: '{not json' },
          entry('case.updated'),
        ],
      }),
    )

    // Assert
    expect(result.FailedEntryCount).toBe(2)
    expect(result.Entries?.map((e) => e.ErrorCode)).toEqual([
      'NotFoundException',
      'MalformedDetail',
      undefined,
    ])
    expect(bus.published().map((e) => e.detailType)).toEqual(['case.updated'])
  })

  it('refuses more than ten entries as a validation error', async () => {
    // Act
    const putting = client.send(
      new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry('case.created')) }),
    )

    // Assert
    await expect(putting).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    })
  })

  it('answers an operation it does not speak with an AWS JSON error', async () => {
    // Act
    const listing = client.send(new ListRulesCommand({}))

    // Assert
    await expect(listing).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    })
  })

  it('fails every entry of the next calls when told to, then works again', async () => {
    // Arrange
    bus.failNextPuts(1, 'ThrottlingException')

    // Act
    const failed = await client.send(
      new PutEventsCommand({ Entries: [entry('case.created'), entry('case.updated')] }),
    )
    const next = await client.send(new PutEventsCommand({ Entries: [entry('case.created')] }))

    // Assert
    expect(failed.FailedEntryCount).toBe(2)
    expect(failed.Entries?.map((e) => e.ErrorCode)).toEqual(['ThrottlingException', 'ThrottlingException'])
    expect(next.FailedEntryCount).toBe(0)
    expect(bus.published()).toHaveLength(1)
  })
})
