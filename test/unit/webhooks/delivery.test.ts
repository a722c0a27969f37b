import { Webhook as StandardWebhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '#src/domain/events/envelope.ts'
import { type Delivery, retryDelaysMs, type Webhook } from '#src/domain/webhooks.ts'
import { deliverWebhook, deliveryLeaseMs, webhookUserAgent } from '#src/use-cases/webhooks/deliver-webhook.ts'
import { newDelivery } from '#src/use-cases/webhooks/fan-out.ts'
import { InMemoryMailer } from '../fakes/mail.ts'
import {
  answered,
  InMemoryDeliveryStore,
  ManualClock,
  RecordingDeliveryQueue,
  ScriptedSender,
} from './delivery-fakes.ts'
import { aWebhook, InMemoryWebhookStore } from './subscription-fakes.ts'

const start = new Date('2026-11-25T10:00:00.000Z')
const hour = 60 * 60 * 1000

const event: EventEnvelope = {
  id: 'evt_1',
  type: 'case.created',
  version: 1,
  time: '2026-11-25T09:59:59.000Z',
  accountId: 'acme',
  sequence: 1,
  data: {},
}

function setUp(options: { webhook?: Webhook; sender?: ScriptedSender; delivery?: Delivery; at?: Date } = {}) {
  const webhook = options.webhook ?? aWebhook()
  const clock = new ManualClock(options.at ?? start)
  const delivery = options.delivery ?? newDelivery(webhook.id, event, clock.now())
  const deps = {
    deliveries: new InMemoryDeliveryStore([delivery]),
    webhooks: new InMemoryWebhookStore([webhook]),
    deliveryQueue: new RecordingDeliveryQueue(),
    webhookSender: options.sender ?? new ScriptedSender(answered(200)),
    mailer: new InMemoryMailer(),
    clock,
  }
  const ref = { webhookId: webhook.id, deliveryId: delivery.id }
  return {
    deps,
    ref,
    clock,
    stored: () => deps.deliveries.get(ref),
    hook: () => deps.webhooks.webhooks.get(webhook.id),
  }
}

describe('deliverWebhook', () => {
  it('retries 500, 500 after 5 s and 5 min, then records the success', async () => {
    // Arrange
    const { deps, ref, clock, stored } = setUp({
      sender: new ScriptedSender(answered(500), answered(500), answered(200, 'ok')),
    })

    // Act
    const first = await deliverWebhook(ref, deps)
    clock.set(deps.deliveryQueue.scheduled[0]?.at ?? start)
    const second = await deliverWebhook(ref, deps)
    clock.set(deps.deliveryQueue.scheduled[1]?.at ?? start)
    const third = await deliverWebhook(ref, deps)

    // Assert
    expect([first.outcome, second.outcome, third.outcome]).toEqual(['retrying', 'retrying', 'succeeded'])
    expect(deps.deliveryQueue.scheduled.map((entry) => entry.at.getTime() - start.getTime())).toEqual([
      5_000,
      5_000 + 5 * 60_000,
    ])
    expect(stored()?.status).toBe('succeeded')
    expect(
      stored()?.attempts.map((attempt) => [attempt.number, attempt.outcome, attempt.httpStatus]),
    ).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'succeeded', 200],
    ])
    expect(stored()?.attempts[2]).toMatchObject({ response: 'ok', latencyMs: 42 })
    expect(stored()?.nextAttemptAt).toBeUndefined()
  })

  it('fails for good after eight failed attempts', async () => {
    const { deps, ref, clock, stored } = setUp({ sender: new ScriptedSender(answered(503)) })

    const outcomes: string[] = []
    for (let attempt = 1; attempt <= 8; attempt++) {
      outcomes.push((await deliverWebhook(ref, deps)).outcome)
      const next = deps.deliveryQueue.scheduled.at(-1)
      if (next) clock.set(next.at)
    }

    expect(outcomes).toEqual([...Array(7).fill('retrying'), 'failed'])
    expect(deps.deliveryQueue.scheduled).toHaveLength(retryDelaysMs.length)
    expect(stored()?.status).toBe('failed')
    expect(stored()?.attempts).toHaveLength(8)
    expect(await deliverWebhook(ref, deps)).toEqual({ outcome: 'skipped', reason: 'final' })
  })

  it('signs with the event id, the attempt time and every valid secret, and says who sends', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const sender = new ScriptedSender(answered(204))
    const { deps, ref } = setUp({
      webhook: aWebhook({ secrets: [{ secret, createdAt: '2026-11-01T00:00:00.000Z' }] }),
      sender,
      at: new Date(),
    })

    await deliverWebhook(ref, deps)

    const [request] = sender.requests
    expect(request?.headers).toMatchObject({
      'webhook-id': 'evt_1',
      'content-type': 'application/json',
      'user-agent': webhookUserAgent,
    })
    expect(() =>
      new StandardWebhook(secret).verify(request?.body ?? '', request?.headers ?? {}),
    ).not.toThrow()
  })

  it('records a redirect as a failure', async () => {
    const { deps, ref, stored } = setUp({ sender: new ScriptedSender(answered(302)) })

    const result = await deliverWebhook(ref, deps)

    expect(result.outcome).toBe('retrying')
    expect(stored()?.attempts[0]).toMatchObject({ outcome: 'failed', httpStatus: 302 })
  })

  it('keeps only the first 1 KB of the answer', async () => {
    const { deps, ref, stored } = setUp({ sender: new ScriptedSender(answered(200, 'x'.repeat(5000))) })

    await deliverWebhook(ref, deps)

    expect(stored()?.attempts[0]?.response).toHaveLength(1024)
  })

  it('disables the subscription after 72 hours of failures and mails its owner once', async () => {
    // Arrange
    const failingSince = new Date(start.getTime() - 72 * hour).toISOString()
    const webhook = aWebhook({ failingSince, ownerEmail: 'adam@acme.example', accountId: 'acme' })
    const { deps, ref, hook } = setUp({ webhook, sender: new ScriptedSender(answered(500)) })
    const later = newDelivery(webhook.id, { ...event, id: 'evt_2' }, start)
    await deps.deliveries.createMany([later])

    // Act
    const result = await deliverWebhook(ref, deps)
    const next = await deliverWebhook({ webhookId: webhook.id, deliveryId: later.id }, deps)

    // Assert
    expect(result).toMatchObject({ outcome: 'retrying', disabled: true })
    expect(hook()).toMatchObject({ active: false, disabledAt: start.toISOString(), version: 2 })
    expect(hook()?.disabledReason).toContain('3 days')
    expect(deps.mailer.sent).toHaveLength(1)
    expect(deps.mailer.sent[0]?.to).toEqual([{ address: 'adam@acme.example' }])
    expect(deps.mailer.sent[0]?.subject).toContain('disabled')
    expect(next.outcome).toBe('failed')
    expect(
      deps.deliveries.get({ webhookId: webhook.id, deliveryId: later.id })?.attempts[0]?.error,
    ).toContain('disabled')
  })

  it('starts counting at the first failure and does not disable before 72 hours', async () => {
    const { deps, ref, clock, hook } = setUp({ sender: new ScriptedSender(answered(500)) })

    await deliverWebhook(ref, deps)
    expect(hook()?.failingSince).toBe(start.toISOString())

    clock.set(new Date(start.getTime() + 71 * hour))
    const again = newDelivery(ref.webhookId, { ...event, id: 'evt_3' }, clock.now())
    await deps.deliveries.createMany([again])
    await deliverWebhook({ webhookId: ref.webhookId, deliveryId: again.id }, deps)

    expect(hook()).toMatchObject({ active: true, failingSince: start.toISOString() })
    expect(deps.mailer.sent).toEqual([])
  })

  it('clears the failing streak on a success', async () => {
    const webhook = aWebhook({ failingSince: new Date(start.getTime() - 10 * hour).toISOString() })
    const { deps, ref, hook } = setUp({ webhook })

    await deliverWebhook(ref, deps)

    expect(hook()?.failingSince).toBeUndefined()
    expect(hook()?.version).toBe(2)
  })

  it('saves the health again on a fresh read when the subscription changed meanwhile', async () => {
    const { deps, ref, hook } = setUp({ sender: new ScriptedSender(answered(500)) })
    deps.webhooks.failNextSaveAsStale = true

    await deliverWebhook(ref, deps)

    expect(hook()?.failingSince).toBe(start.toISOString())
  })

  it('skips a delivery another attempt holds', async () => {
    const sender = new ScriptedSender(answered(200))
    const { deps, ref } = setUp({ sender })
    await deps.deliveries.claim(ref, start, new Date(start.getTime() + deliveryLeaseMs))

    const result = await deliverWebhook(ref, deps)

    expect(result).toEqual({ outcome: 'skipped', reason: 'running' })
    expect(sender.requests).toEqual([])
  })

  it('tries again once a crashed attempt’s lease has passed', async () => {
    const { deps, ref, clock, stored } = setUp()
    await deps.deliveries.claim(ref, start, new Date(start.getTime() + deliveryLeaseMs))

    clock.advance(deliveryLeaseMs)
    const result = await deliverWebhook(ref, deps)

    expect(result.outcome).toBe('succeeded')
    expect(stored()?.attempts).toHaveLength(1)
  })

  it('puts a message that came before its delivery was due back on the queue for then', async () => {
    const sender = new ScriptedSender(answered(200))
    const { deps, ref } = setUp({ sender })
    const due = new Date(start.getTime() + 2 * hour)
    await deps.deliveries.recordAttempt(
      ref,
      { number: 1, at: start.toISOString(), outcome: 'failed', httpStatus: 500 },
      { status: 'pending', nextAttemptAt: due.toISOString(), updatedAt: start.toISOString() },
    )

    const result = await deliverWebhook(ref, deps)

    expect(result).toEqual({ outcome: 'rescheduled', at: due.toISOString() })
    expect(deps.deliveryQueue.scheduled).toEqual([{ ref, at: due }])
    expect(sender.requests).toEqual([])
  })

  it('fails a delivery of a deleted subscription without sending it', async () => {
    const sender = new ScriptedSender(answered(200))
    const { deps, ref, stored } = setUp({ sender })
    await deps.webhooks.remove(ref.webhookId)

    const result = await deliverWebhook(ref, deps)

    expect(result.outcome).toBe('failed')
    expect(stored()?.attempts[0]?.error).toContain('deleted')
    expect(sender.requests).toEqual([])
    expect(deps.deliveryQueue.scheduled).toEqual([])
  })

  it('sends a test ping even to a disabled subscription, once, without touching its health', async () => {
    const webhook = aWebhook({ active: false, disabledAt: start.toISOString() })
    const ping = newDelivery(webhook.id, { ...event, id: 'evt_test_1', type: 'webhook.test' }, start)
    const sender = new ScriptedSender(answered(500))
    const { deps, ref, hook } = setUp({ webhook, delivery: ping, sender })

    const result = await deliverWebhook(ref, deps)

    expect(result.outcome).toBe('failed')
    expect(sender.requests).toHaveLength(1)
    expect(deps.deliveryQueue.scheduled).toEqual([])
    expect(hook()).toEqual(webhook)
  })
})
