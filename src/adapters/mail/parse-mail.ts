import PostalMime, { type Address } from 'postal-mime'
import type { InboundMessage, ParsedMail } from '#src/domain/inbound-mail.ts'
import { htmlToText } from './html-to-text.ts'

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

/**
 * Parses a received message for mail-in (docs/email.md): what postal-mime cannot parse comes back
 * as `unparseable` with its error, for mail-in to drop and record, rather than as a failure.
 */
export async function parseReceivedMail(raw: Uint8Array): Promise<ParsedMail> {
  try {
    return { kind: 'parsed', message: await parseMail(raw) }
  } catch (error) {
    return { kind: 'unparseable', error }
  }
}
