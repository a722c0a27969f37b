import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Signed per-case reply addresses (docs/email.md): `case.<caseId>.<signature>@<reply domain>`.
 * Only Caseline can mint one, so a mail to such an address names its case reliably; whether the
 * sender may write to that case is still decided by who the sender is (mail-in).
 * The signature is lower-case hex because mail systems may change the case of a local part.
 */
export interface ReplyAddresses {
  addressFor(caseId: string): string
  /** The case a reply address names, or undefined for any address that is not one we signed. */
  caseIdOf(address: string): string | undefined
}

const signatureLength = 20 // hex digits: 80 bits

export function createReplyAddresses(key: string, domain: string): ReplyAddresses {
  const replyDomain = domain.toLowerCase()
  const sign = (caseId: string) =>
    createHmac('sha256', key).update(`reply-address:${caseId}`).digest('hex').slice(0, signatureLength)
  return {
    addressFor: (caseId) => `case.${caseId}.${sign(caseId)}@${replyDomain}`,
    caseIdOf(address) {
      const at = address.lastIndexOf('@')
      if (at < 0 || address.slice(at + 1).toLowerCase() !== replyDomain) return undefined
      const match = /^case\.([A-Za-z0-9-]{1,64})\.([0-9a-f]+)$/i.exec(address.slice(0, at))
      if (!match) return undefined
      const [, caseId = '', signature = ''] = match
      const expected = Buffer.from(sign(caseId))
      const given = Buffer.from(signature.toLowerCase())
      return given.length === expected.length && timingSafeEqual(given, expected) ? caseId : undefined
    },
  }
}
