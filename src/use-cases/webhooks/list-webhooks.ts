import type { Caller } from '#src/domain/identity.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import { type WebhookAccessDeps, webhookScope } from './webhook-access.ts'

/**
 * Lists subscriptions: an admin sees every one (the operator's and every account's), a customer
 * admin its account's.
 * 1. Check the caller manages webhooks; its scope is the list's.
 * 2. Read one page.
 */
export async function listWebhooks(
  page: PageRequest,
  caller: Caller,
  deps: WebhookAccessDeps,
): Promise<Paged<Webhook>> {
  const scope = await webhookScope(caller, deps)
  return deps.webhooks.list(scope, page)
}
