import type { InboundMessage } from '#src/domain/inbound-mail.ts'

/**
 * SES's verdicts on a received message: `PASS`, `FAIL`, `GRAY` (no verdict possible, e.g. no SPF
 * record), `PROCESSING_FAILED`, or `DISABLED` (scanning off). Kept as strings: whatever SES may
 * report in future is simply not `PASS`.
 */
export interface MailVerdicts {
  spf: string
  dkim: string
  spam: string
  virus: string
  /** DMARC ties the From domain to SPF or DKIM; it decides whether the From address is vouched for. */
  dmarc: string
}

/** The verdicts that must all pass before a message is read at all (docs/email.md). */
const requiredVerdicts = ['spf', 'dkim', 'spam', 'virus'] as const

/** `spf=FAIL dkim=GRAY` for the verdicts that did not pass; empty when all passed. */
export function failedVerdicts(verdicts: MailVerdicts): string {
  return requiredVerdicts
    .filter((name) => verdicts[name] !== 'PASS')
    .map((name) => `${name}=${verdicts[name] || 'missing'}`)
    .join(' ')
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase()

/** The same domain, or one a subdomain of the other (DMARC's relaxed alignment, without a public-suffix list). */
function aligned(a: string, b: string): boolean {
  return a !== '' && b !== '' && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`))
}

/**
 * Whether the From address is vouched for. SPF checks the envelope sender and DKIM the signing
 * domain; neither need be the From domain, so on their own they would let anyone with a domain of
 * their own write as `alice@acme.example`. DMARC passing proves the From domain; without it, an
 * SPF pass counts only when the envelope sender is of the From's own domain.
 */
export function isSenderAuthenticated(from: string, envelopeSender: string, verdicts: MailVerdicts): boolean {
  if (verdicts.dmarc === 'PASS') return true
  return (
    verdicts.spf === 'PASS' &&
    envelopeSender.includes('@') &&
    aligned(domainOf(from), domainOf(envelopeSender))
  )
}

/** Whether `address` is one Caseline sends from: the support address, or any address of the reply domain. */
export function isOwnAddress(address: string, own: { from: string; replyDomain: string }): boolean {
  const lower = address.toLowerCase()
  return lower === own.from.toLowerCase() || domainOf(lower) === own.replyDomain.toLowerCase()
}

const automatedPrecedence = new Set(['bulk', 'junk', 'list', 'auto_reply'])

/**
 * Why a message was sent by a machine rather than a person, or undefined: out-of-office replies,
 * bounces and bulk mail must neither open cases nor be answered, or two auto-responders would
 * write to each other for ever (RFC 3834).
 */
export function automatedReason(message: InboundMessage): string | undefined {
  const autoSubmitted = message.autoSubmitted?.split(/[\s;(]/)[0]?.toLowerCase()
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`
  const precedence = message.precedence?.trim().toLowerCase()
  if (precedence && automatedPrecedence.has(precedence)) return `Precedence: ${precedence}`
  if (message.isLegacyAutoReply) return 'X-Autoreply'
  return undefined
}

/**
 * Whether an automatic answer to `address` is in order (RFC 3834 §2): not to mailing lists, and not
 * to addresses that announce nobody reads them, whose mail servers would only bounce it back.
 */
export function mayAutoReplyTo(address: string, message: InboundMessage): boolean {
  if (message.isListMail) return false
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase()
  return !/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+.-].*)?$/.test(local)
}
