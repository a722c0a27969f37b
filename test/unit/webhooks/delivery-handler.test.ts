import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { handleDeliveryMessages } from '#functions/webhooks/deliver-webhook.ts'
import type { SendOutcome, WebhookSender } from '#src/use-cases/ports/webhooks.ts'
import { newDelivery } from '#src/use-cases/webhooks/fan-out.ts'
import { fixedClock, now } from '../fakes/core.ts'
import { InMemoryMailer } from '../fakes/mail.ts'
import {
  answered,
  caseCreatedEnvelope as event,
  InMemoryDeliveryStore,
  RecordingDeliveryQueue,
  ScriptedSender,
} from './delivery-fakes.ts'
import { aWebhook, InMemoryWebhookStore } from './subscription-fakes.ts'

function record(messageId: string, body: string): SQSRecord {
  return { messageId, body } as SQSRecord
}

function setUp(sender: WebhookSender) {
  const slow = aWebhook({ id: 'slow', url: 'https://slow.example.com/hook' })
  const fast = aWebhook({ id: 'fast', url: 'https://fast.example.com/hook' })
  const deliveries = [newDelivery('slow', event, now), newDelivery('fast', event, now)]
  const deps = {
    deliveries: new InMemoryDeliveryStore(deliveries),
    webhooks: new InMemoryWebhookStore([slow, fast]),
    deliveryQueue: new RecordingDeliveryQueue(),
    webhookSender: sender,
    mailer: new InMemoryMailer(),
    clock: fixedClock(),
  }
  const message = (webhookId: string) => {
    const delivery = deliveries.find((d) => d.webhookId === webhookId)
    return JSON.stringify({ webhookId, deliveryId: delivery?.id })
  }
  return { deps, message }
}

describe('the deliver function', () => {
  it('attempts the messages of a batch concurrently: a slow endpoint does not hold back another', async () => {
    // Arrange: the slow endpoint answers only once the fast one has been called.
    let fastCalled: () => void = () => {}
    const fastWasCalled = new Promise<void>((resolve) => {
      fastCalled = resolve
    })
    const sender: WebhookSender = {
      async post(url): Promise<SendOutcome> {
        if (url.includes('slow')) {
          await fastWasCalled
          return answered(500)
        }
        fastCalled()
        return answered(200)
      },
    }
    const { deps, message } = setUp(sender)
    const batch: SQSEvent = { Records: [record('m1', message('slow')), record('m2', message('fast'))] }

    // Act
    const response = await handleDeliveryMessages(batch, () => deps)

    // Assert: a failed HTTP attempt is a recorded outcome, not a failed message.
    expect(response).toEqual({ batchItemFailures: [] })
    expect([...deps.deliveries.deliveries.values()].map((d) => [d.webhookId, d.status]).sort()).toEqual([
      ['fast', 'succeeded'],
      ['slow', 'pending'],
    ])
  })

  it('drops a malformed message instead of retrying it', async () => {
    const sender = new ScriptedSender(answered(200))
    const { deps } = setUp(sender)

    const response = await handleDeliveryMessages(
      { Records: [record('m1', 'not json'), record('m2', '{"webhookId": 3}')] },
      () => deps,
    )

    expect(response).toEqual({ batchItemFailures: [] })
    expect(sender.requests).toEqual([])
  })

  it('reports a message whose handling failed unexpectedly, and only that one', async () => {
    // Arrange: the slow endpoint fails, and its retry cannot be queued.
    const { deps, message } = setUp({
      post: async (url) => (url.includes('slow') ? answered(500) : answered(200)),
    })
    deps.deliveryQueue.enqueueAt = async () => {
      throw new Error('queue unavailable')
    }

    // Act
    const response = await handleDeliveryMessages(
      { Records: [record('m1', message('slow')), record('m2', message('fast'))] },
      () => deps,
    )

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] })
  })
})
