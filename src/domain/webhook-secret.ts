import { randomBytes } from 'node:crypto'
import { secretOverlapMs, type Webhook } from './webhooks.ts'

/**
 * A subscription's signing secrets (docs/integrations.md, "Verifying a delivery"): Standard Webhooks
 * secrets, `whsec_` and the base64 of 24 random bytes. The newest signs; one rotated out signs too
 * until its `validUntil`, so a receiver can switch secrets without losing a delivery.
 */
export type WebhookSecrets = Webhook['secrets']

export const webhookSecretPrefix = 'whsec_'
const secretBytes = 24

/** A new random secret, `whsec_…` (the random source is replaceable for tests). */
export function newWebhookSecret(random: (size: number) => Uint8Array = randomBytes): string {
  return webhookSecretPrefix + Buffer.from(random(secretBytes)).toString('base64')
}

/** The HMAC key of a secret: the bytes after `whsec_`, base64-decoded (as the standardwebhooks package reads it). */
export function webhookSigningKey(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(webhookSecretPrefix) ? secret.slice(webhookSecretPrefix.length) : secret,
    'base64',
  )
}

/** The secrets that still sign at `now`, newest first: the current one, and rotated-out ones within their overlap. */
export function validSecrets(secrets: WebhookSecrets, now: Date): WebhookSecrets {
  return secrets.filter(
    (entry) => entry.validUntil === undefined || Date.parse(entry.validUntil) > now.getTime(),
  )
}

/**
 * The secrets after a rotation at `now`: `fresh` becomes current; the one that was current keeps
 * signing for `secretOverlapMs` (24 h) — or less, if an earlier rotation had already set its end —
 * and whatever has expired is dropped.
 */
export function rotateSecrets(secrets: WebhookSecrets, fresh: string, now: Date): WebhookSecrets {
  const overlapEnd = now.getTime() + secretOverlapMs
  const retired = validSecrets(secrets, now).map((entry) => {
    const end =
      entry.validUntil === undefined ? overlapEnd : Math.min(Date.parse(entry.validUntil), overlapEnd)
    return { ...entry, validUntil: new Date(end).toISOString() }
  })
  return [{ secret: fresh, createdAt: now.toISOString() }, ...retired]
}
