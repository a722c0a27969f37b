import { createHmac } from 'node:crypto'
import type { Webhook } from './webhooks.ts'

/** The prefix of a signing secret; the rest is the key, base64-encoded (Standard Webhooks). */
const secretPrefix = 'whsec_'

/** The headers that sign one delivery attempt (Standard Webhooks, docs/integrations.md). */
export interface SignedHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** The key a `whsec_…` secret holds: the bytes its base64 part decodes to. */
function keyOf(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret
  return Buffer.from(encoded, 'base64')
}

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one secret's signature. */
export function signatureOf(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const digest = createHmac('sha256', keyOf(secret))
    .update(`${messageId}.${timestampSeconds}.${body}`)
    .digest('base64')
  return `v1,${digest}`
}

/**
 * The secrets that sign at `now`: the current one and any rotated-out one whose overlap has not
 * ended, so a receiver that still verifies with the old secret keeps accepting deliveries while it
 * switches (docs/integrations.md, the secret).
 */
export function signingSecrets(secrets: Webhook['secrets'], now: Date): string[] {
  return secrets
    .filter((entry) => entry.validUntil === undefined || Date.parse(entry.validUntil) > now.getTime())
    .map((entry) => entry.secret)
}

/**
 * Signs a delivery: `webhook-id` is the event's id, the same on every attempt, so a receiver
 * deduplicates on it; the timestamp is the attempt's own (receivers refuse stale ones), and the
 * signature header lists one signature per valid secret, space-separated.
 */
export function signDelivery(input: {
  messageId: string
  at: Date
  body: string
  secrets: readonly string[]
}): SignedHeaders {
  if (input.secrets.length === 0) throw new RangeError(`Delivery ${input.messageId}: no secret to sign with`)
  const timestamp = Math.floor(input.at.getTime() / 1000)
  return {
    'webhook-id': input.messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': input.secrets
      .map((secret) => signatureOf(secret, input.messageId, timestamp, input.body))
      .join(' '),
  }
}
