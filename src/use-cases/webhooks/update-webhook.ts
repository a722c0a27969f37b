import type { EventType } from '#src/domain/events/envelope.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { WebhookUrlGuard } from '#src/use-cases/ports/webhooks.ts'
import { changeWebhook, checkEventTypes, type WebhookAccessDeps, webhookScope } from './webhook-access.ts'

/** A `PATCH` of a subscription: only the fields to change; `null` clears (`eventTypes`: every type again). */
export interface UpdateWebhookInput {
  url?: string | undefined
  eventTypes?: EventType[] | null | undefined
  description?: string | null | undefined
  /** false pauses; true resumes, and re-enables a subscription disabled after days of failures. */
  active?: boolean | undefined
}

export interface UpdateWebhookDeps extends WebhookAccessDeps {
  webhookUrlGuard: WebhookUrlGuard
  clock: Clock
}

/**
 * Changes a subscription (admins any, a customer admin its account's).
 * 1. Check the caller manages webhooks; a customer admin names no staff-only event type (400).
 * 2. A new URL must pass the same checks as on create (https, public addresses only).
 * 3. Apply the named fields to the subscription as stored (another account's or the operator's:
 *    404; a stale `If-Match`: 412). Re-activating one that was paused or disabled clears the
 *    disabling and the failure streak, so it gets three fresh days before it is disabled again.
 */
export async function updateWebhook(
  webhookId: string,
  expectedVersion: number | undefined,
  input: UpdateWebhookInput,
  caller: Caller,
  deps: UpdateWebhookDeps,
): Promise<Webhook> {
  const scope = await webhookScope(caller, deps)
  const eventTypes = input.eventTypes && [...new Set(input.eventTypes)]
  checkEventTypes(scope, eventTypes)
  if (input.url !== undefined) await deps.webhookUrlGuard.check(input.url)

  return changeWebhook(
    caller,
    webhookId,
    expectedVersion,
    (current) => {
      const next: Webhook = { ...current }
      if (input.url !== undefined) next.url = input.url
      if (eventTypes === null) delete next.eventTypes
      else if (eventTypes !== undefined) next.eventTypes = eventTypes
      if (input.description === null) delete next.description
      else if (input.description !== undefined) next.description = input.description
      if (input.active !== undefined) next.active = input.active
      const reactivated = input.active === true && (!current.active || current.disabledAt !== undefined)
      if (reactivated) {
        delete next.disabledAt
        delete next.disabledReason
        delete next.failingSince
      }
      return next
    },
    deps,
  )
}
