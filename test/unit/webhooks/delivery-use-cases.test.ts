import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError } from '#src/domain/errors.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import { newDelivery } from '#src/use-cases/webhooks/fan-out.ts'
import { listDeliveries } from '#src/use-cases/webhooks/list-deliveries.ts'
import { retryDelivery } from '#src/use-cases/webhooks/retry-delivery.ts'
import { sendTestEvent } from '#src/use-cases/webhooks/send-test-event.ts'
import { aCustomer, aStaffMember, fixedClock, now, sequentialIds } from '../fakes/core.ts'
import {
  caseCreatedEnvelope as event,
  InMemoryDeliveryStore,
  RecordingDeliveryQueue,
} from './delivery-fakes.ts'
import { aWebhook, InMemoryWebhookStore } from './subscription-fakes.ts'

const acmeAdmin = aCustomer({ role: 'customer_admin', accountId: 'acme' })
const globexAdmin = aCustomer({ role: 'customer_admin', accountId: 'globex' })
const operator = aStaffMember({ role: 'admin' })

function setUp(webhook: Webhook = aWebhook({ id: 'acme-itsm', accountId: 'acme' })) {
  const delivery = newDelivery(webhook.id, event, now)
  const deps = {
    webhooks: new InMemoryWebhookStore([webhook]),
    deliveries: new InMemoryDeliveryStore([delivery]),
    deliveryQueue: new RecordingDeliveryQueue(),
    clock: fixedClock(),
    ids: sequentialIds('ping'),
  }
  const ref = { webhookId: webhook.id, deliveryId: delivery.id }
  const fail = () =>
    deps.deliveries.recordAttempt(
      ref,
      { number: 1, at: now.toISOString(), outcome: 'failed', httpStatus: 500 },
      { status: 'failed', updatedAt: now.toISOString() },
    )
  return { deps, ref, fail }
}

describe('listDeliveries', () => {
  it("lists a subscription's deliveries with their last attempt", async () => {
    const { deps, ref, fail } = setUp()
    await fail()

    const page = await listDeliveries(ref.webhookId, { limit: 25 }, acmeAdmin, deps)

    expect(page.items).toHaveLength(1)
    expect(page.items[0]).toMatchObject({
      id: ref.deliveryId,
      eventId: 'evt_1',
      status: 'failed',
      attemptCount: 1,
      lastAttempt: { httpStatus: 500 },
    })
  })

  it("answers 404 for another account's subscription", async () => {
    const { deps, ref } = setUp()

    await expect(listDeliveries(ref.webhookId, { limit: 25 }, globexAdmin, deps)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it("answers 404 to a customer admin for the operator's subscription", async () => {
    const { deps, ref } = setUp(aWebhook({ id: 'ops' }))

    await expect(listDeliveries(ref.webhookId, { limit: 25 }, acmeAdmin, deps)).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(listDeliveries(ref.webhookId, { limit: 25 }, operator, deps)).resolves.toMatchObject({
      items: [{ id: ref.deliveryId }],
    })
  })
})

describe('retryDelivery', () => {
  it('makes a failed delivery pending, due now, and queues it', async () => {
    const { deps, ref, fail } = setUp()
    await fail()

    const view = await retryDelivery(ref, acmeAdmin, deps)

    expect(view).toMatchObject({ status: 'pending', nextAttemptAt: now.toISOString(), attemptCount: 1 })
    expect(deps.deliveryQueue.enqueued).toEqual([ref])
  })

  it('refuses a delivery that is still pending (409)', async () => {
    const { deps, ref } = setUp()

    await expect(retryDelivery(ref, acmeAdmin, deps)).rejects.toBeInstanceOf(ConflictError)
    expect(deps.deliveryQueue.enqueued).toEqual([])
  })

  it('refuses a delivery of a disabled subscription (409)', async () => {
    const { deps, ref, fail } = setUp(aWebhook({ id: 'acme-itsm', accountId: 'acme', active: false }))
    await fail()

    await expect(retryDelivery(ref, acmeAdmin, deps)).rejects.toBeInstanceOf(ConflictError)
  })

  it("answers 404 for another account's subscription and for an unknown delivery", async () => {
    const { deps, ref, fail } = setUp()
    await fail()

    await expect(retryDelivery(ref, globexAdmin, deps)).rejects.toBeInstanceOf(NotFoundError)
    await expect(
      retryDelivery({ ...ref, deliveryId: '0000000000000000000000000' }, acmeAdmin, deps),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('sendTestEvent', () => {
  it('queues a webhook.test ping of the subscription’s account', async () => {
    const { deps } = setUp()

    const view = await sendTestEvent('acme-itsm', acmeAdmin, deps)

    expect(view).toMatchObject({ eventId: 'evt_test_ping-1', eventType: 'webhook.test', status: 'pending' })
    expect(deps.deliveryQueue.enqueued).toEqual([{ webhookId: 'acme-itsm', deliveryId: view.id }])
    const stored = deps.deliveries.get({ webhookId: 'acme-itsm', deliveryId: view.id })
    expect(JSON.parse(stored?.payload ?? '{}')).toEqual({
      id: 'evt_test_ping-1',
      type: 'webhook.test',
      version: 1,
      time: now.toISOString(),
      accountId: 'acme',
      sequence: 0,
      data: { webhookId: 'acme-itsm', message: 'Caseline test event' },
    })
  })

  it("answers 404 for another account's subscription", async () => {
    const { deps } = setUp()

    await expect(sendTestEvent('acme-itsm', globexAdmin, deps)).rejects.toBeInstanceOf(NotFoundError)
    expect(deps.deliveryQueue.enqueued).toEqual([])
  })
})
