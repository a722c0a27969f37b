import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createEventBridgeBus, EventBusPublishError } from '#src/adapters/aws/eventbridge-bus.ts'
import type { PublishedEvent } from '#src/domain/events/envelope.ts'
import { rejectionOf } from '../fakes/core.ts'

const eventBridge = mockClient(EventBridgeClient)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  eventBridge.restore()
})
const bus = createEventBridgeBus({
  region: 'eu-central-1',
  endpoint: undefined,
  busName: 'caseline-dev-events',
})

function anEvent(n: number): PublishedEvent {
  return {
    id: `evt_${n}`,
    type: 'case.commented',
    version: 1,
    time: '2026-12-01T09:00:00.000Z',
    accountId: 'acme',
    caseId: 'case-1',
    sequence: n,
    audience: 'account',
    data: { comment: { id: `c-${n}` } },
  }
}

beforeEach(() => {
  eventBridge.reset()
})

describe('the EventBridge bus', () => {
  it('puts each event with source caseline, its type as detail-type and the envelope, without its audience, as detail', async () => {
    // Arrange
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] })

    // Act
    await bus.publish([anEvent(1)])

    // Assert
    const [call] = eventBridge.commandCalls(PutEventsCommand)
    const entry = call?.args[0].input.Entries?.[0]
    expect(entry).toMatchObject({
      Source: 'caseline',
      DetailType: 'case.commented',
      EventBusName: 'caseline-dev-events',
      Time: new Date('2026-12-01T09:00:00.000Z'),
      Resources: [],
    })
    const { audience: _audience, ...envelope } = anEvent(1)
    expect(JSON.parse(entry?.Detail ?? '')).toEqual(envelope)
  })

  it('sends at most ten entries per request, in order', async () => {
    // Arrange
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0 })
    const events = Array.from({ length: 23 }, (_, i) => anEvent(i + 1))

    // Act
    await bus.publish(events)

    // Assert
    const sent = eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? [])
    expect(sent.map((entries) => entries.length)).toEqual([10, 10, 3])
    expect(sent.flat().map((entry) => JSON.parse(entry.Detail ?? '').id)).toEqual(events.map((e) => e.id))
  })

  it('throws naming each refused entry and its error code, after sending the rest', async () => {
    // Arrange
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
      })
      .resolves({ FailedEntryCount: 0 })
    const events = Array.from({ length: 12 }, (_, i) => anEvent(i + 1))

    // Act
    const error = await rejectionOf(bus.publish(events))

    // Assert
    expect(error).toBeInstanceOf(EventBusPublishError)
    expect((error as EventBusPublishError).failures).toEqual([
      { eventId: 'evt_2', code: 'ThrottlingException' },
    ])
    expect((error as Error).message).toContain('evt_2 (ThrottlingException)')
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2)
  })

  it('lets an error of the request itself through', async () => {
    // Arrange
    eventBridge.on(PutEventsCommand).rejects(new Error('AccessDeniedException'))

    // Act
    const error = await rejectionOf(bus.publish([anEvent(1)]))

    // Assert
    expect(error).toEqual(new Error('AccessDeniedException'))
  })
})
