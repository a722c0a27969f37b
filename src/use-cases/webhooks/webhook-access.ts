import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  StaleWebhookError,
  ValidationError,
} from '#src/domain/errors.ts'
import { type EventType, eventAudienceOf, mayReceive } from '#src/domain/events/envelope.ts'
import type { AccessScope, Caller } from '#src/domain/identity.ts'
import { validSecrets } from '#src/domain/webhook-secret.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import { confirmCustomerAdmin } from '#src/use-cases/accounts/access.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { ContactDirectory } from '#src/use-cases/ports/directory.ts'
import type { WebhookStore } from '#src/use-cases/ports/webhooks.ts'

export interface WebhookAccessDeps {
  contacts: ContactDirectory
  webhooks: WebhookStore
}

/** Subscriptions one customer account may hold, and the operator's (admins') together. */
export const maxWebhooksPerAccount = 20
export const maxOperatorWebhooks = 100

export const noSuchWebhook = (webhookId: string) =>
  new NotFoundError(`There is no webhook subscription ${webhookId}.`)

/**
 * The subscriptions a caller manages (docs/integrations.md, webhooks): an admin every one, a
 * customer admin its own account's. As for accounts, a customer admin's token is trusted only
 * together with its contact record: one deactivated or demoted since the token was issued (tokens
 * live an hour) manages nothing any more.
 * 1. Staff: admins only. Customers: customer admins only, whose contact is still an active customer admin.
 * 2. The scope: every subscription for an admin, the account's for a customer admin.
 */
export async function webhookScope(
  caller: Caller,
  deps: Pick<WebhookAccessDeps, 'contacts'>,
): Promise<AccessScope> {
  if (caller.kind === 'staff') {
    if (caller.role !== 'admin') throw new ForbiddenError('Only admins and customer admins manage webhooks.')
    return { kind: 'all' }
  }
  await confirmCustomerAdmin(
    caller,
    deps.contacts,
    "Only your account's customer admins manage its webhooks.",
  )
  return { kind: 'account', accountId: caller.accountId }
}

/**
 * A subscription the caller manages, with the caller's scope. Another account's subscription, or
 * the operator's for a customer admin, is a 404 like an unknown id: ids of other tenants reveal nothing.
 */
export async function managedWebhook(
  caller: Caller,
  webhookId: string,
  deps: WebhookAccessDeps,
): Promise<{ webhook: Webhook; scope: AccessScope }> {
  const scope = await webhookScope(caller, deps)
  const webhook = await deps.webhooks.find(scope, webhookId)
  if (!webhook) throw noSuchWebhook(webhookId)
  return { webhook, scope }
}

/**
 * Refuses event types the subscription's owner could not read through the API: a customer admin's
 * subscription receives its account's events for customers and customer admins, never a staff-only
 * one (the catalogue's audience and `mayReceive`, the same rule the fan-out applies). The 400 points
 * at each refused entry of `eventTypes`.
 */
export function checkEventTypes(
  scope: AccessScope,
  eventTypes: readonly EventType[] | null | undefined,
): void {
  if (!eventTypes || scope.kind === 'all') return
  const reader = { kind: 'account', accountId: scope.accountId, role: 'customer_admin' } as const
  const refused = eventTypes.flatMap((type, index) =>
    mayReceive(reader, { accountId: scope.accountId, audience: eventAudienceOf[type] })
      ? []
      : [{ pointer: `/eventTypes/${index}`, detail: `${type} is for vendor staff only` }],
  )
  if (refused.length > 0) {
    throw new ValidationError(
      `A customer admin's webhook receives only events customers may read; ${refused.map((r) => r.detail).join(', ')}.`,
      refused,
    )
  }
}

/**
 * Refuses a new subscription when its owner already has as many as allowed: 20 per account, 100
 * for the operator. Counted from a consistent read of every subscription; two creates at the same
 * instant may both pass (one over the limit), which the limit's purpose — no unbounded fan-out —
 * tolerates.
 */
export async function checkWebhookLimit(
  scope: AccessScope,
  deps: Pick<WebhookAccessDeps, 'webhooks'>,
): Promise<void> {
  const ownerAccount = scope.kind === 'account' ? scope.accountId : undefined
  const held = (await deps.webhooks.all()).filter((webhook) => webhook.accountId === ownerAccount).length
  const limit = ownerAccount === undefined ? maxOperatorWebhooks : maxWebhooksPerAccount
  if (held >= limit) {
    throw new ConflictError(
      ownerAccount === undefined
        ? `The operator already has ${held} webhook subscriptions, the most allowed (${limit}). Delete one first.`
        : `Account ${ownerAccount} already has ${held} webhook subscriptions, the most allowed (${limit}). Delete one first.`,
    )
  }
}

/** How often a change made without `If-Match` is retried on a fresh read when another write came first. */
const attemptsWithoutIfMatch = 3

/**
 * Applies `change` to a subscription the caller manages and saves it at the next version, conditional
 * on the version read. With `If-Match` (`expectedVersion`) the change applies only to that version
 * (412 otherwise). Without, a write that came in between (another admin, a delivery recording its
 * outcome) makes it read again and retry: the change is re-applied to what is stored now, so
 * neither is lost. Every save drops the secrets whose overlap has ended.
 */
export async function changeWebhook(
  caller: Caller,
  webhookId: string,
  expectedVersion: number | undefined,
  change: (current: Webhook, at: Date) => Webhook,
  deps: WebhookAccessDeps & { clock: Clock },
): Promise<Webhook> {
  const stale = () =>
    new PreconditionFailedError(
      `Webhook subscription ${webhookId} has changed since you read it. Read it again, then retry with its new ETag.`,
    )
  for (let attempt = 1; ; attempt++) {
    const { webhook } = await managedWebhook(caller, webhookId, deps)
    if (expectedVersion !== undefined && webhook.version !== expectedVersion) throw stale()
    const at = deps.clock.now()
    const changed = change(webhook, at)
    const next: Webhook = {
      ...changed,
      secrets: validSecrets(changed.secrets, at),
      version: webhook.version + 1,
      updatedAt: at.toISOString(),
    }
    try {
      await deps.webhooks.save(next, webhook.version)
      return next
    } catch (error) {
      if (!(error instanceof StaleWebhookError)) throw error
      if (expectedVersion !== undefined) throw stale()
      if (attempt >= attemptsWithoutIfMatch) throw error
    }
  }
}
