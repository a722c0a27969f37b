import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge'
import type { EventEnvelope, PublishedEvent } from '#src/domain/events/envelope.ts'
import type { EventBus } from '#src/use-cases/ports/events.ts'

export interface EventBridgeBusOptions {
  region: string
  /** Only locally: the endpoint that speaks the EventBridge API. */
  endpoint: string | undefined
  busName: string
}

/** Every event on the bus comes from this source (docs/integrations.md, EventBridge): rules match on it. */
export const eventSource = 'caseline'

/** PutEvents takes at most ten entries per request. */
const entriesPerRequest = 10

/** Some entries of a PutEvents were refused: the stream retries the record, so none is lost. */
export class EventBusPublishError extends Error {
  constructor(readonly failures: { eventId: string; code: string }[]) {
    super(
      `EventBridge refused ${failures.length} event(s): ${failures.map((f) => `${f.eventId} (${f.code})`).join(', ')}`,
    )
    this.name = 'EventBusPublishError'
  }
}

/** The envelope as integrations see it: who may receive it stays inside Caseline. */
function envelopeOf({ audience: _audience, ...envelope }: PublishedEvent): EventEnvelope {
  return envelope
}

/** One PutEvents entry: `source` caseline, `detail-type` the event type, `detail` the envelope. */
export function busEntryOf(event: PublishedEvent, busName: string): PutEventsRequestEntry {
  return {
    Source: eventSource,
    DetailType: event.type,
    Detail: JSON.stringify(envelopeOf(event)),
    EventBusName: busName,
    Time: new Date(event.time),
    Resources: [],
  }
}

/**
 * The operator's event bus (docs/integrations.md, EventBridge). Built once per cold start, so every
 * invocation of a warm function reuses the client and its connections. A refused entry throws
 * (naming each one's error code) after the rest were sent: the stream retries the record, and
 * consumers deduplicate on the envelope's `id`.
 */
export function createEventBridgeBus(options: EventBridgeBusOptions): EventBus {
  const client = new EventBridgeClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 3,
  })
  return {
    async publish(events) {
      const failures: { eventId: string; code: string }[] = []
      for (let start = 0; start < events.length; start += entriesPerRequest) {
        const chunk = events.slice(start, start + entriesPerRequest)
        const result = await client.send(
          new PutEventsCommand({ Entries: chunk.map((event) => busEntryOf(event, options.busName)) }),
        )
        if (!result.FailedEntryCount) continue
        // The result's entries answer the request's entries in order; a failed one carries an ErrorCode.
        const refused = chunk.flatMap((event, i) => {
          const code = result.Entries?.[i]?.ErrorCode
          return code ? [{ eventId: event.id, code }] : []
        })
        failures.push(...(refused.length > 0 ? refused : [{ eventId: 'unknown', code: 'FailedEntryCount' }]))
      }
      if (failures.length > 0) throw new EventBusPublishError(failures)
    },
  }
}
