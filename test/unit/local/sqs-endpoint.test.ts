import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type LocalSqsQueue, type QueueTarget, startSqsEndpoint } from '#local/sqs-endpoint.ts'

const queueName = 'caseline-test-webhooks'
const start = new Date('2026-12-02T09:00:00.000Z')
const seconds = (n: number) => new Date(start.getTime() + n * 1000)

/** The real client, as the adapters build it locally (endpoint override, any credentials). */
function clientFor(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
}

/** A promise and its resolver, to hold an invocation open. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

describe('the local SQS endpoint', () => {
  let now = start
  let queue: LocalSqsQueue
  let client: SQSClient
  let invocations: SQSEvent[]
  let behaviour: QueueTarget

  beforeEach(async () => {
    now = start
    invocations = []
    behaviour = async () => undefined
    queue = await startSqsEndpoint({
      queueName,
      now: () => now,
      invoke: async (event) => {
        invocations.push(event)
        return behaviour(event)
      },
    })
    client = clientFor(queue.url)
  })
  afterEach(async () => {
    client.destroy()
    await queue.stop()
  })

  const send = (MessageBody: string, DelaySeconds?: number) =>
    client.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody, DelaySeconds }))
  const deliverAndWait = async (at: Date) => {
    const started = queue.deliverDue(at)
    await queue.idle()
    return started
  }

  it('answers SendMessage from the real client with the body’s MD5, which the SDK checks', async () => {
    // Act
    const sent = await send('{"webhookId":"wh_1","deliveryId":"dl_1"}')

    // Assert
    expect(sent.MessageId).toEqual(expect.any(String))
    expect(sent.MD5OfMessageBody).toMatch(/^[0-9a-f]{32}$/)
    expect(queue.messages().map((m) => m.body)).toEqual(['{"webhookId":"wh_1","deliveryId":"dl_1"}'])
  })

  it('answers SendMessageBatch with one result per entry, MD5s the SDK checks', async () => {
    // Act
    const sent = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'first' },
          { Id: 'b', MessageBody: 'second', DelaySeconds: 60 },
        ],
      }),
    )

    // Assert
    expect(sent.Successful?.map((s) => s.Id)).toEqual(['a', 'b'])
    expect(sent.Failed ?? []).toEqual([])
    expect(queue.messages().map((m) => m.body)).toEqual(['first', 'second'])
  })

  it('tells where the queue is and what it is, for clients that look it up', async () => {
    // Act
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: queueName }))
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    )

    // Assert
    expect(QueueUrl).toBe(queue.queueUrl)
    expect(QueueUrl).toMatch(new RegExp(`/000000000000/${queueName}$`))
    expect(Attributes?.QueueArn).toBe(`arn:aws:sqs:us-east-1:000000000000:${queueName}`)
    expect(queue.queueArn).toBe(Attributes?.QueueArn)
  })

  it('refuses another queue as QueueDoesNotExist and an out-of-range delay as invalid', async () => {
    // Act
    const elsewhere = client.send(
      new SendMessageCommand({ QueueUrl: `${queue.url}/000000000000/other`, MessageBody: 'x' }),
    )
    const tooLate = send('x', 901)

    // Assert
    await expect(elsewhere).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    })
    await expect(tooLate).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } })
    expect(queue.messages()).toEqual([])
  })

  it('answers an operation it does not speak with an AWS JSON error', async () => {
    // Act
    const listing = client.send(new ListQueuesCommand({}))

    // Assert
    await expect(listing).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } })
  })

  it('delivers a message as Lambda’s SQS event, one record, and deletes it on success', async () => {
    // Arrange
    const { MessageId } = await send('{"deliveryId":"dl_1"}')

    // Act
    const started = await deliverAndWait(now)

    // Assert
    expect(started).toBe(1)
    expect(invocations).toHaveLength(1)
    expect(invocations[0]?.Records).toEqual([
      {
        messageId: MessageId,
        receiptHandle: expect.any(String),
        body: '{"deliveryId":"dl_1"}',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(start.getTime()),
          SenderId: '000000000000',
          ApproximateFirstReceiveTimestamp: String(start.getTime()),
        },
        messageAttributes: {},
        md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
        eventSource: 'aws:sqs',
        eventSourceARN: queue.queueArn,
        awsRegion: 'us-east-1',
      },
    ])
    expect(queue.messages()).toEqual([])
  })

  it('holds a delayed message until the clock reaches its delay', async () => {
    // Arrange
    await send('later', 300)

    // Act
    const early = await deliverAndWait(seconds(299))
    const due = await deliverAndWait(seconds(300))

    // Assert
    expect(early).toBe(0)
    expect(due).toBe(1)
    expect(invocations.map((e) => e.Records[0]?.body)).toEqual(['later'])
  })

  it('does not let a slow receiver hold up other deliveries', async () => {
    // Arrange: the first message's invocation does not finish until released.
    const slow = gate()
    behaviour = async (event) => {
      if (event.Records[0]?.body === 'slow') await slow.opened
      return undefined
    }
    await send('slow')
    await send('fast')

    // Act
    const started = queue.deliverDue(now)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const delivered = invocations.map((e) => e.Records[0]?.body)
    const waiting = queue.messages().map((m) => m.body)
    slow.open()
    await queue.idle()

    // Assert
    expect(started).toBe(2)
    expect(delivered).toEqual(['slow', 'fast'])
    expect(waiting).toEqual(['slow'])
    expect(queue.messages()).toEqual([])
  })

  it('does not deliver a message again while its invocation is still running', async () => {
    // Arrange
    const slow = gate()
    behaviour = async () => {
      await slow.opened
      return undefined
    }
    await send('once')
    queue.deliverDue(now)

    // Act
    const again = queue.deliverDue(seconds(60))
    slow.open()
    await queue.idle()

    // Assert
    expect(again).toBe(0)
    expect(invocations).toHaveLength(1)
  })

  it('delivers a failed message again after the visibility timeout, counting receives', async () => {
    // Arrange: the first invocation throws, the second reports the message failed, the third succeeds.
    let call = 0
    behaviour = async (event): Promise<SQSBatchResponse | undefined> => {
      call += 1
      if (call === 1) throw new Error('receiver crashed')
      if (call === 2) return { batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId ?? '' }] }
      return { batchItemFailures: [] }
    }
    await send('flaky')

    // Act
    await deliverAndWait(seconds(0))
    const tooSoon = await deliverAndWait(seconds(29))
    await deliverAndWait(seconds(30))
    await deliverAndWait(seconds(60))

    // Assert
    expect(tooSoon).toBe(0)
    expect(invocations.map((e) => e.Records[0]?.attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3'])
    expect(queue.messages()).toEqual([])
    expect(queue.deadLetters()).toEqual([])
  })

  it('moves a message to the dead letters after five failed receives', async () => {
    // Arrange
    behaviour = async () => {
      throw new Error('always down')
    }
    await send('doomed')

    // Act
    for (let receive = 0; receive < 6; receive++) await deliverAndWait(seconds(receive * 30))

    // Assert
    expect(invocations).toHaveLength(5)
    expect(queue.messages()).toEqual([])
    expect(queue.deadLetters()).toEqual([
      expect.objectContaining({ body: 'doomed', receiveCount: 5, error: 'Error: always down' }),
    ])
  })

  it('puts a message on the queue directly, as Scheduler’s SQS target does', async () => {
    // Act
    queue.send('{"deliveryId":"dl_9"}')
    await deliverAndWait(now)

    // Assert
    expect(invocations.map((e) => e.Records[0]?.body)).toEqual(['{"deliveryId":"dl_9"}'])
  })
})
