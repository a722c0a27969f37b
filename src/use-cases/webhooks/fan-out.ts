import { deliveryIdOf } from '#src/domain/delivery-id.ts'
import {
  type EventEnvelope,
  type EventReader,
  mayReceive,
  type PublishedEvent,
} from '#src/domain/events/envelope.ts'
import type { Delivery, Webhook } from '#src/domain/webhooks.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { DeliveryQueue, DeliveryStore, WebhookStore } from '#src/use-cases/ports/webhooks.ts'

export interface FanOutDeps {
  webhooks: Pick<WebhookStore, 'all'>
  deliveries: Pick<DeliveryStore, 'createMany'>
  deliveryQueue: Pick<DeliveryQueue, 'enqueue'>
  clock: Clock
}

export interface FanOutResult {
  /** Deliveries matched (new, or found from an earlier run of the same events). */
  deliveries: number
  /** Messages handed to the delivery queue. */
  enqueued: number
}

/**
 * Whose eyes a subscription sees through (docs/integrations.md, webhooks): an operator's (no
 * account) reads as staff; a customer admin's as that customer admin, so it receives exactly what
 * its owner could read through the API.
 */
export function webhookReader(webhook: Pick<Webhook, 'accountId'>): EventReader {
  return webhook.accountId === undefined
    ? { kind: 'staff' }
    : { kind: 'account', accountId: webhook.accountId, role: 'customer_admin' }
}

/** Whether an active subscription is to receive the event: its reader may, and it asked for the type. */
export function subscriptionWants(webhook: Webhook, event: PublishedEvent): boolean {
  if (!webhook.active) return false
  if (!mayReceive(webhookReader(webhook), event)) return false
  return webhook.eventTypes === undefined || (webhook.eventTypes as readonly string[]).includes(event.type)
}

/** The body a subscription receives: the envelope, without whom it is meant for (an internal). */
export function webhookPayload(event: EventEnvelope & { audience?: unknown }): string {
  const { audience: _audience, ...envelope } = event
  return JSON.stringify(envelope)
}

/** A new delivery of `event` to `webhook`, due now. */
export function newDelivery(webhookId: string, event: EventEnvelope, now: Date): Delivery {
  const at = now.toISOString()
  return {
    id: deliveryIdOf(event.id, webhookId, event.time),
    webhookId,
    eventId: event.id,
    eventType: event.type,
    payload: webhookPayload(event),
    status: 'pending',
    attempts: [],
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
  }
}

/**
 * Fans published events out to the webhook subscriptions (the event handler's webhook step,
 * docs/integrations.md). Every step is idempotent, so a retried stream record repeats it safely:
 * 1. Read every subscription once (one consistent Query).
 * 2. For each event and each active subscription that may receive it and asked for its type, make a
 *    delivery with a deterministic id (due now, no attempts).
 * 3. Store them: deliveries that already exist are kept as they are.
 * 4. Enqueue every stored delivery still waiting for its first attempt. On a retried record that
 *    re-sends a message that may have been lost; if it was not, the attempt's claim makes the
 *    duplicate message a no-op.
 */
export async function fanOutToWebhooks(events: PublishedEvent[], deps: FanOutDeps): Promise<FanOutResult> {
  if (events.length === 0) return { deliveries: 0, enqueued: 0 }
  const subscriptions = (await deps.webhooks.all()).filter((webhook) => webhook.active)
  if (subscriptions.length === 0) return { deliveries: 0, enqueued: 0 }

  const now = deps.clock.now()
  const wanted = events.flatMap((event) =>
    subscriptions
      .filter((webhook) => subscriptionWants(webhook, event))
      .map((webhook) => newDelivery(webhook.id, event, now)),
  )
  if (wanted.length === 0) return { deliveries: 0, enqueued: 0 }

  const stored = await deps.deliveries.createMany(wanted)
  const waiting = stored.filter((delivery) => delivery.status === 'pending' && delivery.attempts.length === 0)
  if (waiting.length > 0)
    await deps.deliveryQueue.enqueue(
      waiting.map((delivery) => ({ webhookId: delivery.webhookId, deliveryId: delivery.id })),
    )
  return { deliveries: stored.length, enqueued: waiting.length }
}
