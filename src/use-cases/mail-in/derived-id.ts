import { createHash } from 'node:crypto'

/**
 * A UUID-shaped id (RFC 9562 version 8, the vendor-specific kind) derived from `seed`. Mail-in
 * names what it creates after the received message (its case, its files), so a delivery that is
 * retried after a partial failure finds what the failed attempt already wrote instead of writing
 * it twice.
 */
export function derivedId(seed: string): string {
  const hex = createHash('sha256').update(`caseline-mail-in:${seed}`).digest('hex')
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
