import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda'
import { localClock } from '#src/adapters/local-clock.ts'
import { AwsJsonError, awsJsonListener, startAwsJsonServer } from './aws-json-rpc.ts'

/**
 * SQS on a laptop, for the webhook delivery queue (docs/integrations.md, deliveries and retries):
 * an endpoint that speaks the part of the SQS API `@aws-sdk/client-sqs` uses to send (AWS JSON 1.0,
 * `X-Amz-Target: AmazonSQS.SendMessage`, `SendMessageBatch`, and `GetQueueUrl` and
 * `GetQueueAttributes` for clients that look the queue up), holding one queue in memory, and the
 * Lambda event source mapping that consumes it: `deliverDue(now)` invokes the target with the SQS
 * event of every message whose delay has passed, as the local server calls it every second and on
 * `POST /local/clock`.
 *
 * Time is the local clock's (`POST /local/clock`): `DelaySeconds` and the visibility timeout count
 * on it, so moving the clock brings due retries. Delivery follows the mapping with
 * `ReportBatchItemFailures`: a message whose invocation throws, or that the answer lists in
 * `batchItemFailures`, becomes visible again after the visibility timeout; after `maxReceiveCount`
 * receives it goes to the dead-letter list (the redrive policy's dead-letter queue).
 *
 * Deliberate differences: one message per invocation, every due message at once, none awaiting
 * another (so a slow receiver delays no other delivery, as the concurrent batch does in AWS);
 * a message is dead-lettered when its last receive fails rather than on the receive after; no
 * ReceiveMessage or DeleteMessage (the local mapping is the only consumer); no FIFO.
 */

/** What the queue invokes: the consumer function, as the event source mapping invokes it. */
export type QueueTarget = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>

export interface SqsEndpointOptions {
  queueName: string
  invoke: QueueTarget
  /** @default us-east-1 */
  region?: string
  /** @default 000000000000, as in the local Lambda events */
  accountId?: string
  /** @default the local clock */
  now?: () => Date
  /** Seconds a received message stays invisible; on the local clock. @default 30 */
  visibilityTimeoutSeconds?: number
  /** Receives before a message goes to the dead-letter list (the redrive policy). @default 5 */
  maxReceiveCount?: number
}

/** A message waiting in the queue or being handled. */
export interface QueuedMessage {
  messageId: string
  body: string
  /** ISO 8601 UTC, local clock. */
  sentAt: string
  /** When it is (again) due; in the past while it waits for the next delivery pass. */
  visibleAt: string
  receiveCount: number
  inFlight: boolean
  lastError: string | undefined
}

/** A message given up on after `maxReceiveCount` receives. */
export interface DeadLetteredMessage {
  messageId: string
  body: string
  sentAt: string
  receiveCount: number
  error: string
  deadLetteredAt: string
}

export interface LocalSqsQueue {
  /** Base URL for `SQSClient({ endpoint })`. */
  url: string
  queueName: string
  /** `<url>/<account>/<name>`, as `GetQueueUrl` answers it. */
  queueUrl: string
  queueArn: string
  /** Puts a message on the queue as SendMessage does (Scheduler's SQS target uses this). */
  send(body: string, delaySeconds?: number): { messageId: string; md5OfBody: string }
  /**
   * Starts an invocation for every message visible at `now` that is not being handled, each
   * without awaiting another; answers how many it started. `idle()` waits for them.
   */
  deliverDue(now: Date): number
  /** Deliveries started since the endpoint started (by `deliverDue`, whoever called it). */
  deliveryCount(): number
  /** Resolves once no invocation is in flight (including any started while waiting). */
  idle(): Promise<void>
  /** Messages on the queue, soonest due first. */
  messages(): QueuedMessage[]
  /** Messages given up on, newest first. */
  deadLetters(): DeadLetteredMessage[]
  /** Stops listening and delivering, after the invocations in flight have finished. */
  stop(): Promise<void>
}

interface StoredMessage {
  messageId: string
  body: string
  md5OfBody: string
  messageAttributes: SQSMessageAttributes
  sentAt: Date
  visibleAt: Date
  receiveCount: number
  firstReceivedAt: Date | undefined
  inFlight: boolean
  lastError: string | undefined
}

/** SQS's limits: 256 KiB per message, delays up to 15 minutes, 10 entries per batch. */
const maxMessageBytes = 262_144
const maxDelaySeconds = 900
const maxBatchEntries = 10

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex')

/** SQS's errors as its JSON protocol answers them: the modelled type, and the query-compatible code. */
const sqsError = (type: string, queryCode: string, message: string) =>
  new AwsJsonError(400, `com.amazonaws.sqs#${type}`, message, `${queryCode};Sender`)
const invalidParameter = (message: string) =>
  sqsError(
    'InvalidParameterValue',
    'InvalidParameterValue',
    `Value for parameter is invalid. Reason: ${message}`,
  )

/** SendMessage's MessageAttributes in the shape Lambda hands them to the function. */
function lambdaMessageAttributes(attributes: unknown): SQSMessageAttributes {
  if (typeof attributes !== 'object' || attributes === null) return {}
  return Object.fromEntries(
    Object.entries(attributes as Record<string, Record<string, unknown>>).map(([name, value]) => [
      name,
      {
        dataType: String(value.DataType ?? 'String'),
        ...(typeof value.StringValue === 'string' && { stringValue: value.StringValue }),
        ...(typeof value.BinaryValue === 'string' && { binaryValue: value.BinaryValue }),
        stringListValues: [],
        binaryListValues: [],
      },
    ]),
  )
}

export async function startSqsEndpoint(options: SqsEndpointOptions): Promise<LocalSqsQueue> {
  const now = options.now ?? (() => localClock.now())
  const region = options.region ?? 'us-east-1'
  const accountId = options.accountId ?? '000000000000'
  const visibilityTimeoutMs = (options.visibilityTimeoutSeconds ?? 30) * 1000
  const maxReceiveCount = options.maxReceiveCount ?? 5
  const queueArn = `arn:aws:sqs:${region}:${accountId}:${options.queueName}`
  const queuePath = `/${accountId}/${options.queueName}`

  const queue = new Map<string, StoredMessage>()
  const deadLettered: DeadLetteredMessage[] = []
  const inFlight = new Set<Promise<void>>()
  let deliveries = 0
  let stopped = false

  function enqueue(body: unknown, delaySeconds: unknown, attributes?: unknown) {
    if (typeof body !== 'string' || body.length === 0)
      throw invalidParameter('The request must contain the parameter MessageBody.')
    if (Buffer.byteLength(body, 'utf8') > maxMessageBytes)
      throw invalidParameter(`Message must be shorter than ${maxMessageBytes} bytes.`)
    const delay = delaySeconds ?? 0
    if (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0 || delay > maxDelaySeconds)
      throw invalidParameter(`DelaySeconds must be an integer from 0 to ${maxDelaySeconds}.`)
    const sentAt = now()
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5(body),
      messageAttributes: lambdaMessageAttributes(attributes),
      sentAt,
      visibleAt: new Date(sentAt.getTime() + delay * 1000),
      receiveCount: 0,
      firstReceivedAt: undefined,
      inFlight: false,
      lastError: undefined,
    }
    queue.set(message.messageId, message)
    return { messageId: message.messageId, md5OfBody: message.md5OfBody }
  }

  /** The queue a request names: ours, by its URL's path (clients may reach it under any host name). */
  function checkQueueUrl(queueUrl: unknown): void {
    let path: string | undefined
    try {
      path = typeof queueUrl === 'string' ? new URL(queueUrl).pathname : undefined
    } catch {
      path = undefined
    }
    if (path !== queuePath)
      throw sqsError(
        'QueueDoesNotExist',
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      )
  }

  function sendMessage(input: Record<string, unknown>) {
    checkQueueUrl(input.QueueUrl)
    const sent = enqueue(input.MessageBody, input.DelaySeconds, input.MessageAttributes)
    return { MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody }
  }

  function sendMessageBatch(input: Record<string, unknown>) {
    checkQueueUrl(input.QueueUrl)
    const entries = Array.isArray(input.Entries) ? (input.Entries as Record<string, unknown>[]) : []
    if (entries.length === 0)
      throw sqsError(
        'EmptyBatchRequest',
        'AWS.SimpleQueueService.EmptyBatchRequest',
        'There should be at least one SendMessageBatchRequestEntry in the request.',
      )
    if (entries.length > maxBatchEntries)
      throw sqsError(
        'TooManyEntriesInBatchRequest',
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        `Maximum number of entries per request are ${maxBatchEntries}.`,
      )
    const ids = entries.map((entry) => entry.Id)
    if (ids.some((id) => typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)))
      throw sqsError(
        'InvalidBatchEntryId',
        'AWS.SimpleQueueService.InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores.',
      )
    if (new Set(ids).size !== ids.length)
      throw sqsError(
        'BatchEntryIdsNotDistinct',
        'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      )
    const Successful: { Id: string; MessageId: string; MD5OfMessageBody: string }[] = []
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = []
    for (const entry of entries) {
      const Id = entry.Id as string
      try {
        const sent = enqueue(entry.MessageBody, entry.DelaySeconds, entry.MessageAttributes)
        Successful.push({ Id, MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody })
      } catch (error) {
        Failed.push({
          Id,
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message: (error as Error).message,
        })
      }
    }
    return { Successful, Failed }
  }

  function getQueueUrl(input: Record<string, unknown>) {
    if (input.QueueName !== options.queueName)
      throw sqsError(
        'QueueDoesNotExist',
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      )
    return { QueueUrl: `${server.url}${queuePath}` }
  }

  function getQueueAttributes(input: Record<string, unknown>) {
    checkQueueUrl(input.QueueUrl)
    const at = now().getTime()
    const waiting = [...queue.values()]
    return {
      Attributes: {
        QueueArn: queueArn,
        VisibilityTimeout: String(visibilityTimeoutMs / 1000),
        MaximumMessageSize: String(maxMessageBytes),
        ApproximateNumberOfMessages: String(
          waiting.filter((m) => !m.inFlight && m.visibleAt.getTime() <= at).length,
        ),
        ApproximateNumberOfMessagesNotVisible: String(waiting.filter((m) => m.inFlight).length),
        ApproximateNumberOfMessagesDelayed: String(
          waiting.filter((m) => !m.inFlight && m.visibleAt.getTime() > at).length,
        ),
      },
    }
  }

  const server = await startAwsJsonServer(
    awsJsonListener({
      protocolVersion: '1.0',
      targetPrefix: 'AmazonSQS',
      operations: {
        SendMessage: sendMessage,
        SendMessageBatch: sendMessageBatch,
        GetQueueUrl: getQueueUrl,
        GetQueueAttributes: getQueueAttributes,
      },
      unknownOperation: (target) =>
        sqsError(
          'UnsupportedOperation',
          'AWS.SimpleQueueService.UnsupportedOperation',
          `The local SQS endpoint does not answer ${target}.`,
        ),
    }),
  )

  /** The record Lambda's SQS event source mapping hands the function for one receive. */
  function recordOf(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: randomBytes(48).toString('base64'),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt.getTime()),
        SenderId: accountId,
        ApproximateFirstReceiveTimestamp: String((message.firstReceivedAt ?? message.sentAt).getTime()),
      },
      messageAttributes: message.messageAttributes,
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    }
  }

  /** After a failed receive: visible again when its visibility timeout ends, or given up on. */
  function failed(message: StoredMessage, error: string): void {
    message.inFlight = false
    message.lastError = error
    if (message.receiveCount < maxReceiveCount) return
    queue.delete(message.messageId)
    deadLettered.unshift({
      messageId: message.messageId,
      body: message.body,
      sentAt: message.sentAt.toISOString(),
      receiveCount: message.receiveCount,
      error,
      deadLetteredAt: now().toISOString(),
    })
    console.error(
      `webhook queue: gave up on message ${message.messageId} after ${message.receiveCount} receives: ${error}`,
    )
  }

  async function deliver(message: StoredMessage): Promise<void> {
    try {
      const response = await options.invoke({ Records: [recordOf(message)] })
      const reported = response?.batchItemFailures?.some((f) => f.itemIdentifier === message.messageId)
      if (reported) failed(message, 'reported in batchItemFailures')
      else queue.delete(message.messageId)
    } catch (error) {
      // A thrown error fails the whole batch, as in AWS: here, the one message.
      failed(message, error instanceof Error ? `${error.name}: ${error.message}` : String(error))
    }
  }

  return {
    url: server.url,
    queueName: options.queueName,
    queueUrl: `${server.url}${queuePath}`,
    queueArn,
    send: (body, delaySeconds) => enqueue(body, delaySeconds),
    deliverDue(at) {
      if (stopped) return 0
      const due = [...queue.values()]
        .filter((m) => !m.inFlight && m.visibleAt.getTime() <= at.getTime())
        .sort((a, b) => a.visibleAt.getTime() - b.visibleAt.getTime())
      for (const message of due) {
        message.inFlight = true
        message.receiveCount += 1
        message.firstReceivedAt ??= at
        // Invisible from the receive on; back when the timeout ends unless deleted meanwhile.
        message.visibleAt = new Date(at.getTime() + visibilityTimeoutMs)
        const delivery: Promise<void> = deliver(message).finally(() => inFlight.delete(delivery))
        inFlight.add(delivery)
      }
      deliveries += due.length
      return due.length
    },
    deliveryCount: () => deliveries,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
    messages() {
      return [...queue.values()]
        .sort((a, b) => a.visibleAt.getTime() - b.visibleAt.getTime())
        .map((m) => ({
          messageId: m.messageId,
          body: m.body,
          sentAt: m.sentAt.toISOString(),
          visibleAt: m.visibleAt.toISOString(),
          receiveCount: m.receiveCount,
          inFlight: m.inFlight,
          lastError: m.lastError,
        }))
    },
    deadLetters: () => [...deadLettered],
    async stop() {
      stopped = true
      // In-flight deliveries may still queue their retries: the endpoint answers until they are done.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
      await server.stop()
    },
  }
}
