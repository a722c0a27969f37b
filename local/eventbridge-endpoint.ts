import { randomUUID } from 'node:crypto'
import { localClock } from '#src/adapters/local-clock.ts'
import { AwsJsonError, awsJsonListener, startAwsJsonServer } from './aws-json-rpc.ts'

/**
 * EventBridge on a laptop: an endpoint that speaks `PutEvents` as `@aws-sdk/client-eventbridge`
 * sends it (AWS JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`), so the event handler's real client
 * publishes to it exactly as it publishes to the stage's bus in AWS (docs/integrations.md,
 * EventBridge). It keeps what was published in memory, for `GET /local/events` and for tests.
 *
 * Deliberate differences: no rules, targets or archives (the operator's side of the bus); only the
 * one bus it was started for exists; an event's time, unless the entry sets one, is the local clock's.
 */

/** One event as the bus received it, `detail` parsed. */
export interface LocalBusEvent {
  /** The EventId PutEvents answered. */
  id: string
  /** ISO 8601 UTC: the entry's `Time`, else when it was put (local clock). */
  time: string
  source: string
  detailType: string
  eventBusName: string
  resources: string[]
  detail: unknown
}

/** Which published events to list: of one detail type, at most `limit`. */
export interface PublishedFilter {
  type?: string | undefined
  limit?: number | undefined
}

export interface LocalEventBridge {
  /** Base URL for `EventBridgeClient({ endpoint })`. */
  url: string
  /** The one bus this endpoint holds. */
  busName: string
  busArn: string
  /** What was published, newest first. */
  published(filter?: PublishedFilter): LocalBusEvent[]
  /**
   * Fault injection for tests: every entry of the next `calls` PutEvents fails with `errorCode`
   * (the answer's `FailedEntryCount` > 0, as a throttled or failing bus answers), nothing is kept.
   */
  failNextPuts(calls: number, errorCode?: string): void
  stop(): Promise<void>
}

export interface EventBridgeEndpointOptions {
  busName: string
  /** @default us-east-1 */
  region?: string
  /** @default 000000000000, as in the local Lambda events */
  accountId?: string
  /** @default the local clock */
  now?: () => Date
}

/** PutEvents takes 1 to 10 entries. */
const maxEntries = 10

interface PutEventsResultEntry {
  EventId?: string
  ErrorCode?: string
  ErrorMessage?: string
}

const entryFailure = (code: string, message: string): PutEventsResultEntry => ({
  ErrorCode: code,
  ErrorMessage: message,
})

export async function startEventBridgeEndpoint(
  options: EventBridgeEndpointOptions,
): Promise<LocalEventBridge> {
  const now = options.now ?? (() => localClock.now())
  const busArn = `arn:aws:events:${options.region ?? 'us-east-1'}:${options.accountId ?? '000000000000'}:event-bus/${options.busName}`
  const events: LocalBusEvent[] = []
  let failing: { calls: number; errorCode: string } | undefined

  /** One entry, kept, or why not (the per-entry error codes EventBridge answers). */
  function put(entry: unknown): PutEventsResultEntry {
    if (typeof entry !== 'object' || entry === null)
      return entryFailure('InvalidArgument', 'Entry is not an object.')
    const { Source, DetailType, Detail, EventBusName, Time, Resources } = entry as Record<string, unknown>
    for (const [name, value] of Object.entries({ Source, DetailType, Detail }))
      if (typeof value !== 'string' || value.length === 0)
        return entryFailure(
          'InvalidArgument',
          `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
        )
    const bus = typeof EventBusName === 'string' && EventBusName ? EventBusName : 'default'
    if (bus !== options.busName && bus !== busArn)
      return entryFailure('NotFoundException', `Event bus ${bus} does not exist.`)
    let detail: unknown
    try {
      detail = JSON.parse(Detail as string)
    } catch {
      return entryFailure('MalformedDetail', 'Detail is malformed.')
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
      return entryFailure('MalformedDetail', 'Detail is malformed.')
    const id = randomUUID()
    events.unshift({
      id,
      // The SDK sends a Time as epoch seconds.
      time: (typeof Time === 'number' ? new Date(Time * 1000) : now()).toISOString(),
      source: Source as string,
      detailType: DetailType as string,
      eventBusName: options.busName,
      resources: Array.isArray(Resources) ? Resources.map(String) : [],
      detail,
    })
    return { EventId: id }
  }

  function putEvents(input: Record<string, unknown>) {
    const entries = input.Entries
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > maxEntries)
      throw new AwsJsonError(
        400,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${maxEntries}`,
      )
    let results: PutEventsResultEntry[]
    if (failing && failing.calls > 0) {
      const { errorCode } = failing
      failing.calls -= 1
      results = entries.map(() => entryFailure(errorCode, 'Injected failure (local EventBridge).'))
    } else results = entries.map(put)
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results }
  }

  const server = await startAwsJsonServer(
    awsJsonListener({
      protocolVersion: '1.1',
      targetPrefix: 'AWSEvents',
      operations: { PutEvents: putEvents },
    }),
  )

  return {
    url: server.url,
    busName: options.busName,
    busArn,
    published(filter = {}) {
      const matching = filter.type ? events.filter((e) => e.detailType === filter.type) : events
      return matching.slice(0, filter.limit ?? matching.length)
    },
    failNextPuts(calls, errorCode = 'InternalFailure') {
      failing = { calls, errorCode }
    },
    stop: server.stop,
  }
}
