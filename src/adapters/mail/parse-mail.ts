import PostalMime, { type Address } from 'postal-mime'
import { htmlToText } from './html-to-text.ts'

/** One attachment of a received mail, decoded. */
export interface InboundAttachment {
  /** The name the sender's mail program gave it (decoded), if any. */
  fileName: string | undefined
  /** Lower-case `type/subtype`, as the message declares it. */
  mediaType: string
  content: Uint8Array
}

/**
 * What mail-in needs of a received RFC 822 message, decoded (encoded words, quoted-printable,
 * base64, charsets) by postal-mime. Message ids are given without their angle brackets.
 */
export interface InboundMessage {
  messageId: string | undefined
  from: { address: string; name: string | undefined } | undefined
  to: string[]
  cc: string[]
  /** Empty when the message has none. */
  subject: string
  /** The text part, or a plain-text rendering of the HTML part when there is no text part. */
  text: string
  inReplyTo: string | undefined
  /** The `References` ids, oldest first. */
  references: string[]
  /** RFC 3834 `Auto-Submitted` (`no`, `auto-replied`, `auto-generated`, ...), for loop protection. */
  autoSubmitted: string | undefined
  /** The non-standard but common `Precedence` (`bulk`, `junk`, `list`, `auto_reply`). */
  precedence: string | undefined
  /** Whether a mailing list delivered it (any `List-*` header, RFC 2369/2919). */
  isListMail: boolean
  /** Whether an older auto-responder marked it with `X-Autoreply` / `X-Autorespond`. */
  isLegacyAutoReply: boolean
  attachments: InboundAttachment[]
}

/** `<abc@host>` → `abc@host`; anything without brackets is taken as it is. */
function messageIdsIn(header: string | undefined): string[] {
  if (!header) return []
  const bracketed = [...header.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] as string)
  return bracketed.length > 0 ? bracketed : header.split(/\s+/).filter((id) => id.length > 0)
}

/** Mailboxes of an address list, with the members of any group (`Team: a@x, b@x;`). */
function addressesOf(list: Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((mailbox) => mailbox.address?.trim() ?? '')
    .filter((address) => address.length > 0)
}

/**
 * Parses a raw message as SES stored it. postal-mime is lenient: it parses whatever a mail
 * program sent rather than rejecting it, and throws only on input past its safety limits.
 */
export async function parseMail(raw: Uint8Array): Promise<InboundMessage> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' })
  const header = (name: string) => email.headers.find((h) => h.key === name)?.value.trim()
  const from = email.from && !email.from.group ? email.from : email.from?.group?.[0]
  return {
    messageId: messageIdsIn(email.messageId)[0],
    from: from?.address ? { address: from.address.trim(), name: from.name || undefined } : undefined,
    to: addressesOf(email.to),
    cc: addressesOf(email.cc),
    subject: (email.subject ?? '').trim(),
    text: email.text ?? (email.html ? htmlToText(email.html) : ''),
    inReplyTo: messageIdsIn(email.inReplyTo)[0],
    references: messageIdsIn(email.references),
    autoSubmitted: header('auto-submitted'),
    precedence: header('precedence'),
    isListMail: email.headers.some((h) => h.key.startsWith('list-')),
    isLegacyAutoReply: email.headers.some((h) => h.key === 'x-autoreply' || h.key === 'x-autorespond'),
    attachments: email.attachments.map((attachment) => ({
      fileName: attachment.filename?.trim() || undefined,
      mediaType: attachment.mimeType.toLowerCase(),
      content:
        typeof attachment.content === 'string'
          ? new TextEncoder().encode(attachment.content)
          : new Uint8Array(attachment.content),
    })),
  }
}
