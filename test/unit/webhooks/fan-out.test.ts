import { describe, expect, it } from 'vitest'
import type { PublishedEvent } from '#src/domain/events/envelope.ts'
import { fanOutToWebhooks } from '#src/use-cases/webhooks/fan-out.ts'
import { fixedClock } from '../fakes/core.ts'
import { InMemoryDeliveryStore, RecordingDeliveryQueue } from './delivery-fakes.ts'
import { aWebhook, InMemoryWebhookStore } from './subscription-fakes.ts'

function anEvent(overrides: Partial<PublishedEvent> = {}): PublishedEvent {
  return {
    id: 'evt_1',
    type: 'case.created',
    version: 1,
    time: '2026-11-25T09:00:00.000Z',
    accountId: 'acme',
    caseId: 'case-1',
    sequence: 7,
    data: { case: { title: 'Printer on fire' } },
    audience: 'account',
    ...overrides,
  }
}

function setUp(webhooks = [aWebhook()]) {
  const deps = {
    webhooks: new InMemoryWebhookStore(webhooks),
    deliveries: new InMemoryDeliveryStore(),
    deliveryQueue: new RecordingDeliveryQueue(),
    clock: fixedClock(),
  }
  const deliveredTo = () =>
    [...deps.deliveries.deliveries.values()].map((delivery) => delivery.webhookId).sort()
  return { deps, deliveredTo }
}

describe('fanOutToWebhooks', () => {
  it('makes one pending delivery per matching subscription and queues it', async () => {
    // Arrange
    const { deps } = setUp([aWebhook({ id: 'ops' }), aWebhook({ id: 'acme-itsm', accountId: 'acme' })])

    // Act
    const result = await fanOutToWebhooks([anEvent()], deps)

    // Assert
    expect(result).toEqual({ deliveries: 2, enqueued: 2 })
    const stored = [...deps.deliveries.deliveries.values()]
    expect(stored.map((delivery) => delivery.status)).toEqual(['pending', 'pending'])
    expect(deps.deliveryQueue.enqueued.map((ref) => ref.webhookId).sort()).toEqual(['acme-itsm', 'ops'])
  })

  it('sends the envelope without its audience as the payload', async () => {
    const { deps } = setUp()

    await fanOutToWebhooks([anEvent()], deps)

    const [delivery] = [...deps.deliveries.deliveries.values()]
    const payload = JSON.parse(delivery?.payload ?? '{}')
    expect(payload).not.toHaveProperty('audience')
    expect(payload).toMatchObject({ id: 'evt_1', type: 'case.created', sequence: 7, accountId: 'acme' })
  })

  it("never gives a customer admin's subscription staff-only or account-admin-only events it may not read, nor another account's", async () => {
    const { deps, deliveredTo } = setUp([
      aWebhook({ id: 'ops' }),
      aWebhook({ id: 'acme-itsm', accountId: 'acme' }),
      aWebhook({ id: 'globex-itsm', accountId: 'globex' }),
    ])

    await fanOutToWebhooks(
      [
        anEvent({ id: 'evt_note', type: 'case.note_added', audience: 'staff' }),
        anEvent({ id: 'evt_breach', type: 'case.sla_breached', audience: 'staff' }),
      ],
      deps,
    )

    expect(deliveredTo()).toEqual(['ops', 'ops'])
  })

  it("gives a customer admin's subscription its own account's account-admin events", async () => {
    const { deps, deliveredTo } = setUp([
      aWebhook({ id: 'acme-itsm', accountId: 'acme' }),
      aWebhook({ id: 'globex-itsm', accountId: 'globex' }),
    ])

    await fanOutToWebhooks([anEvent({ type: 'contact.created', audience: 'account_admin' })], deps)

    expect(deliveredTo()).toEqual(['acme-itsm'])
  })

  it('gives inactive subscriptions nothing', async () => {
    const { deps } = setUp([aWebhook({ active: false })])

    const result = await fanOutToWebhooks([anEvent()], deps)

    expect(result).toEqual({ deliveries: 0, enqueued: 0 })
    expect(deps.deliveryQueue.enqueued).toEqual([])
  })

  it('delivers only the event types a subscription asked for', async () => {
    const { deps } = setUp([aWebhook({ eventTypes: ['case.commented'] })])

    await fanOutToWebhooks([anEvent(), anEvent({ id: 'evt_2', type: 'case.commented' })], deps)

    expect([...deps.deliveries.deliveries.values()].map((delivery) => delivery.eventId)).toEqual(['evt_2'])
  })

  it('on a repeat finds the same deliveries, re-queues only those still waiting for their first attempt', async () => {
    // Arrange
    const { deps } = setUp([aWebhook({ id: 'a' }), aWebhook({ id: 'b' })])
    await fanOutToWebhooks([anEvent()], deps)
    const [first] = [...deps.deliveries.deliveries.values()]
    if (!first) throw new Error('no delivery')
    await deps.deliveries.recordAttempt(
      { webhookId: first.webhookId, deliveryId: first.id },
      { number: 1, at: '2026-11-25T10:00:01.000Z', outcome: 'succeeded', httpStatus: 200 },
      { status: 'succeeded', updatedAt: '2026-11-25T10:00:01.000Z' },
    )
    deps.deliveryQueue.enqueued.length = 0

    // Act
    const result = await fanOutToWebhooks([anEvent()], deps)

    // Assert
    expect(deps.deliveries.deliveries.size).toBe(2)
    expect(result).toEqual({ deliveries: 2, enqueued: 1 })
    expect(deps.deliveryQueue.enqueued.map((ref) => ref.webhookId)).not.toContain(first.webhookId)
  })
})
