// A received e-mail as mail-in reads it, decoded. The mail adapter (src/adapters/mail/parse-mail.ts)
// produces it from the raw RFC 822 bytes; the mail-in use case only ever sees this shape
// (docs/email.md, docs/architecture.md).

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
 * base64, charsets). Message ids are given without their angle brackets.
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

/**
 * A received message after parsing: the decoded message, or the error that made it unreadable.
 * Parsing the same bytes again fails again, so an unparseable message is dropped, not retried.
 */
export type ParsedMail = { kind: 'parsed'; message: InboundMessage } | { kind: 'unparseable'; error: unknown }
