// Ports of e-mail: sending, and the bookkeeping that keeps mail exactly-once.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
/** An e-mail address with an optional display name. */
export interface MailAddress {
  address: string
  name?: string | undefined
}

/** One outgoing e-mail; the sender (the support address) and the configuration set come from the adapter's config. */
export interface OutgoingMail {
  to: MailAddress[]
  /** The signed per-case reply address (or none, for mail that must not be answered). */
  replyTo?: string | undefined
  subject: string
  text: string
  html: string
  /** Extra headers, e.g. `In-Reply-To`/`References` when answering a mail, `Auto-Submitted` on auto-replies. */
  headers?: Record<string, string> | undefined
  /** Message tags (SES configuration-set event destinations, metrics by kind). */
  tags?: Record<string, string> | undefined
}

/** Sends e-mail: SES v2 in AWS, aws-ses-v2-local on a laptop. */
export interface Mailer {
  /** Answers the provider's message id (SES: the local part of the `Message-ID` header it sets). */
  send(mail: OutgoingMail): Promise<{ messageId: string }>
}

/** What the mail bookkeeping remembers about one sent notification. */
export interface SentNotification {
  /** Deterministic per event, kind and recipient, so a redelivered event finds it. */
  notificationId: string
  messageId: string
  caseId: string
  accountId: string
  sentAt: string
}

/**
 * E-mail bookkeeping in the table: which notifications went out (a redelivered event never mails
 * twice), which case a sent message belongs to (replies quoting it in References find the case),
 * which inbound messages were handled, and when an unregistered sender last got an auto-reply.
 */
export interface MailLedger {
  wasSent(notificationId: string): Promise<boolean>
  /** Records a sent notification and its message's thread (the case it belongs to). */
  recordSent(sent: SentNotification): Promise<void>
  /** The case a message we sent belongs to, by the provider's message id. */
  findThread(messageId: string): Promise<{ caseId: string; accountId: string } | undefined>
  wasInboundHandled(messageId: string): Promise<boolean>
  /**
   * Records a received message as handled, with its outcome, and lists it under the digest of each
   * address it names (`namedAddresses`), so an erasure finds the person's raw mail (docs/privacy.md).
   */
  markInboundHandled(
    messageId: string,
    outcome: string,
    at: Date,
    namedAddresses?: readonly string[],
  ): Promise<void>
  /** Takes the one auto-reply `email` may get per window; false when it already had one within the window. */
  claimAutoReply(email: string, at: Date, windowSeconds: number): Promise<boolean>
}
