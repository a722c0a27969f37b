import type { Webhook } from '#src/domain/webhooks.ts'

/**
 * A webhook subscription as the API shows it: never a secret (those are shown once, on create and
 * on rotation), only when the current one was made and until when a rotated-out one still signs.
 */
export interface WebhookView
  extends Pick<
    Webhook,
    | 'id'
    | 'url'
    | 'eventTypes'
    | 'description'
    | 'active'
    | 'accountId'
    | 'ownerId'
    | 'failingSince'
    | 'disabledAt'
    | 'disabledReason'
    | 'version'
    | 'createdAt'
    | 'updatedAt'
  > {
  /** When the current signing secret was made. */
  secretCreatedAt: string
  /** While a rotated-out secret still signs (a second signature): until when. */
  previousSecretValidUntil?: string | undefined
}

/** A subscription just created or whose secret was just rotated: the view and, this once, the secret. */
export interface WebhookWithSecretView extends WebhookView {
  /** `whsec_…`: verify deliveries with it. Shown only now. */
  secret: string
}

/** The subscription as the API shows it (see `WebhookView`). */
export function presentWebhook(webhook: Webhook): WebhookView {
  const [current, ...retired] = webhook.secrets
  const overlapEnds = retired.flatMap((entry) => (entry.validUntil ? [entry.validUntil] : [])).sort()
  return {
    id: webhook.id,
    url: webhook.url,
    eventTypes: webhook.eventTypes,
    description: webhook.description,
    active: webhook.active,
    accountId: webhook.accountId,
    ownerId: webhook.ownerId,
    failingSince: webhook.failingSince,
    disabledAt: webhook.disabledAt,
    disabledReason: webhook.disabledReason,
    version: webhook.version,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
    secretCreatedAt: current?.createdAt ?? webhook.createdAt,
    previousSecretValidUntil: overlapEnds.at(-1),
  }
}

/** The view with the secret just made (create, rotate). */
export function presentWebhookWithSecret(webhook: Webhook, secret: string): WebhookWithSecretView {
  return { ...presentWebhook(webhook), secret }
}
