import type { Caller } from '#src/domain/identity.ts'
import { managedWebhook, type WebhookAccessDeps } from './webhook-access.ts'

/**
 * Deletes a subscription: nothing more is delivered to it; its deliveries expire by themselves.
 * 1. Check the caller manages it (another account's or the operator's: 404).
 * 2. Delete it.
 */
export async function deleteWebhook(
  webhookId: string,
  caller: Caller,
  deps: WebhookAccessDeps,
): Promise<void> {
  await managedWebhook(caller, webhookId, deps)
  await deps.webhooks.remove(webhookId)
}
