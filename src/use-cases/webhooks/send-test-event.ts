import { type EventEnvelope, webhookTestType } from '#src/domain/events/envelope.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { DeliveryQueue, DeliveryStore, WebhookStore } from '#src/use-cases/ports/webhooks.ts'
import { type DeliveryView, presentDelivery } from './delivery-view.ts'
import { newDelivery } from './fan-out.ts'
import { managedWebhook } from './list-deliveries.ts'

export interface SendTestEventDeps {
  webhooks: Pick<WebhookStore, 'find'>
  deliveries: Pick<DeliveryStore, 'createMany'>
  deliveryQueue: Pick<DeliveryQueue, 'enqueue'>
  clock: Clock
  ids: IdGenerator
}

/**
 * Sends a `webhook.test` ping to a subscription (`POST /v1/webhooks/{id}/test`,
 * docs/integrations.md): signed and recorded like any delivery, but never in the feed or on the bus,
 * tried once, and sent even to a disabled subscription, so its endpoint can be checked before it
 * is enabled again.
 * 1. Check the caller may manage the subscription (else 404).
 * 2. Make the ping's envelope and its delivery, due now.
 * 3. Store the delivery and queue it; the caller follows it in the deliveries list.
 */
export async function sendTestEvent(
  webhookId: string,
  caller: Caller,
  deps: SendTestEventDeps,
): Promise<DeliveryView> {
  const webhook = await managedWebhook(caller, webhookId, deps)
  const now = deps.clock.now()
  const ping: EventEnvelope = {
    id: `evt_test_${deps.ids.newId()}`,
    type: webhookTestType,
    version: 1,
    time: now.toISOString(),
    ...(webhook.accountId === undefined ? {} : { accountId: webhook.accountId }),
    sequence: 0,
    data: { webhookId: webhook.id, message: 'Caseline test event' },
  }
  const [stored] = await deps.deliveries.createMany([newDelivery(webhook.id, ping, now)])
  if (!stored) throw new Error(`The test delivery of webhook ${webhook.id} was not stored`)
  await deps.deliveryQueue.enqueue([{ webhookId: webhook.id, deliveryId: stored.id }])
  return presentDelivery(stored)
}
