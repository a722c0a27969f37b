import { createHmac } from 'node:crypto'

/** What a derived key signs; each purpose gets its own key, so a signature of one kind is never valid as another. */
export type SigningPurpose = 'reply-address' | 'survey-token'

/** Derives a purpose-bound key from the deployment's one signing secret (HMAC as a KDF). */
export function deriveSigningKey(secret: string, purpose: SigningPurpose): string {
  return createHmac('sha256', secret).update(`caseline:${purpose}`).digest('base64url')
}
