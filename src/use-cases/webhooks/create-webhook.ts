import type { EventType } from '#src/domain/events/envelope.ts'
import type { Caller } from '#src/domain/identity.ts'
import { newWebhookSecret } from '#src/domain/webhook-secret.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { WebhookUrlGuard } from '#src/use-cases/ports/webhooks.ts'
import { checkEventTypes, checkWebhookLimit, type WebhookAccessDeps, webhookScope } from './webhook-access.ts'

/** `POST /v1/webhooks`: where to send which events. */
export interface CreateWebhookInput {
  url: string
  /** The event types to deliver; absent: every type the subscription may receive. */
  eventTypes?: EventType[] | undefined
  description?: string | undefined
  /** Default true; false creates it paused. */
  active?: boolean | undefined
}

export interface CreateWebhookDeps extends WebhookAccessDeps {
  webhookUrlGuard: WebhookUrlGuard
  clock: Clock
  ids: IdGenerator
}

/** A new subscription and its secret, which is shown this once. */
export interface CreatedWebhook {
  webhook: Webhook
  secret: string
}

/**
 * Subscribes a URL to events (admins: every account's; customer admins: their account's, as
 * customers may read them — docs/integrations.md, webhooks).
 * 1. Check the caller manages webhooks; its scope decides whose subscription this is.
 * 2. A customer admin names no staff-only event type (400 pointing at it).
 * 3. The URL must be https and reach only public addresses (400 naming the rule).
 * 4. The owner holds fewer than the most subscriptions allowed (409).
 * 5. Store it with a new secret, at version 1.
 */
export async function createWebhook(
  input: CreateWebhookInput,
  caller: Caller,
  deps: CreateWebhookDeps,
): Promise<CreatedWebhook> {
  const scope = await webhookScope(caller, deps)
  const eventTypes = input.eventTypes && [...new Set(input.eventTypes)]
  checkEventTypes(scope, eventTypes)
  await deps.webhookUrlGuard.check(input.url)
  await checkWebhookLimit(scope, deps)

  const at = deps.clock.now().toISOString()
  const secret = newWebhookSecret()
  const webhook: Webhook = {
    id: deps.ids.newId(),
    url: input.url,
    eventTypes,
    description: input.description,
    active: input.active ?? true,
    accountId: scope.kind === 'account' ? scope.accountId : undefined,
    ownerId: caller.userId,
    ownerEmail: caller.email,
    secrets: [{ secret, createdAt: at }],
    version: 1,
    createdAt: at,
    updatedAt: at,
  }
  await deps.webhooks.create(webhook)
  return { webhook, secret }
}
