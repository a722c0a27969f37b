import { NotFoundError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { DeliveryStore, WebhookStore } from '#src/use-cases/ports/webhooks.ts'
import { type DeliveryView, presentDelivery } from './delivery-view.ts'

/**
 * The subscription `webhookId` if the caller may manage it: an admin any, a customer admin its
 * account's. Anything else is not found, so another account's subscription never shows it exists.
 */
export async function managedWebhook(
  caller: Caller,
  webhookId: string,
  deps: { webhooks: Pick<WebhookStore, 'find'> },
): Promise<Webhook> {
  const webhook = await deps.webhooks.find(scopeOf(caller), webhookId)
  if (!webhook) throw new NotFoundError(`There is no webhook ${webhookId}.`)
  return webhook
}

/**
 * A subscription's deliveries, newest first, with every attempt (docs/integrations.md, deliveries):
 * 1. Check the caller may manage the subscription (else 404).
 * 2. Read one page of its deliveries.
 */
export async function listDeliveries(
  webhookId: string,
  page: PageRequest,
  caller: Caller,
  deps: { webhooks: Pick<WebhookStore, 'find'>; deliveries: Pick<DeliveryStore, 'list'> },
): Promise<Paged<DeliveryView>> {
  const webhook = await managedWebhook(caller, webhookId, deps)
  const found = await deps.deliveries.list(webhook.id, page)
  return { items: found.items.map(presentDelivery), nextCursor: found.nextCursor }
}
