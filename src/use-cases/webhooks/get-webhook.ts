import type { Caller } from '#src/domain/identity.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import { managedWebhook, type WebhookAccessDeps } from './webhook-access.ts'

/**
 * Reads one subscription: admins any, a customer admin its account's.
 * 1. Check the caller manages it (another account's or the operator's: 404).
 * 2. Answer it.
 */
export async function getWebhook(
  webhookId: string,
  caller: Caller,
  deps: WebhookAccessDeps,
): Promise<Webhook> {
  return (await managedWebhook(caller, webhookId, deps)).webhook
}
