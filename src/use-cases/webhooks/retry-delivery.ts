import { ConflictError, NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { DeliveryQueue, DeliveryStore, WebhookStore } from '#src/use-cases/ports/webhooks.ts'
import { type DeliveryView, presentDelivery } from './delivery-view.ts'
import { managedWebhook } from './list-deliveries.ts'

export interface RetryDeliveryDeps {
  webhooks: Pick<WebhookStore, 'find'>
  deliveries: Pick<DeliveryStore, 'find' | 'reopen'>
  deliveryQueue: Pick<DeliveryQueue, 'enqueue'>
  clock: Clock
}

/**
 * Tries a delivery again now (`POST /v1/webhooks/{id}/deliveries/{deliveryId}/retry`,
 * docs/integrations.md). Its attempts stay; after a round of retries was exhausted, an explicit
 * retry is one more attempt.
 * 1. Check the caller may manage the subscription (else 404), and that it is active (else 409:
 *    enable it first, or the attempt would fail unsent).
 * 2. Find the delivery (404); one still pending is already on its way (409).
 * 3. Make it pending, due now, and queue it.
 */
export async function retryDelivery(
  ref: { webhookId: string; deliveryId: string },
  caller: Caller,
  deps: RetryDeliveryDeps,
): Promise<DeliveryView> {
  const webhook = await managedWebhook(caller, ref.webhookId, deps)
  const found = await deps.deliveries.find({ webhookId: webhook.id, deliveryId: ref.deliveryId })
  if (!found) throw new NotFoundError(`Webhook ${webhook.id} has no delivery ${ref.deliveryId}.`)
  if (!webhook.active)
    throw new ConflictError(`Webhook ${webhook.id} is disabled: enable it before retrying a delivery.`)
  if (found.status === 'pending')
    throw new ConflictError(`Delivery ${found.id} is still pending: its next attempt is already queued.`)

  const reopened = await deps.deliveries.reopen(
    { webhookId: webhook.id, deliveryId: found.id },
    deps.clock.now().toISOString(),
  )
  // Not reopened: a concurrent retry made it pending first, and queued it.
  if (!reopened)
    throw new ConflictError(`Delivery ${found.id} is still pending: its next attempt is already queued.`)
  await deps.deliveryQueue.enqueue([{ webhookId: webhook.id, deliveryId: reopened.id }])
  return presentDelivery(reopened)
}
