import type { InboundMessage } from '#src/domain/inbound-mail.ts'
import type { OutgoingMail } from '#src/use-cases/ports/mail.ts'

/** Who gets the automatic answer: a sender we do not know (or no longer), or a member of staff. */
export type AutoReplyKind = 'unregistered' | 'staff'

/** One auto-reply per sender and day at most, however often they write. */
export const autoReplyWindowSeconds = 24 * 60 * 60

/** At most this many ids of the thread are carried on in `References`. */
const maxReferences = 10

// Both languages in one mail: nothing about an unknown sender tells us which one they read.
const texts: Record<AutoReplyKind, { subject: string; paragraphs: string[] }> = {
  unregistered: {
    subject: 'Ihre Nachricht wurde nicht angenommen / Your message was not accepted',
    paragraphs: [
      'Guten Tag,',
      'vielen Dank für Ihre Nachricht. Wir nehmen E-Mails nur von registrierten Kontakten unserer Kunden an. Die Adresse {address} ist bei uns nicht (oder nicht mehr) als aktiver Kontakt registriert, deshalb wurde Ihre Nachricht nicht bearbeitet und kein Fall angelegt.',
      'So werden Sie registriert: Bitten Sie den Kundenadministrator (Customer Admin) Ihres Unternehmens, Sie als Kontakt anzulegen oder Ihre Adresse wieder zu aktivieren. Wenn Sie nicht wissen, wer das ist, wenden Sie sich an Ihren Ansprechpartner beim Support. Danach senden Sie Ihre Nachricht bitte erneut.',
      '---',
      'Hello,',
      'thank you for your message. We accept e-mail only from registered contacts of our customers. The address {address} is not (or no longer) registered as an active contact, so your message was not processed and no case was opened.',
      "How to get registered: ask your company's customer admin to add you as a contact or to reactivate your address. If you do not know who that is, please contact your support representative. Then send your message again.",
      '---',
      'Dies ist eine automatische Antwort. / This is an automatic reply.',
    ],
  },
  staff: {
    subject: 'Antworten per E-Mail nur von Kunden / Replies by e-mail from customers only',
    paragraphs: [
      'Ihre Nachricht von {address} wurde nicht übernommen: Per E-Mail nehmen wir nur Nachrichten von Kundenkontakten an. Bitte antworten Sie in der Agentenkonsole.',
      'Your message from {address} was not added: only customer contacts can write by e-mail. Please answer in the agent console.',
      'Dies ist eine automatische Antwort. / This is an automatic reply.',
    ],
  },
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * The one polite automatic answer to a mail we do not accept. Sent without a Reply-To (there is
 * nothing to answer), marked `Auto-Submitted: auto-replied` so that other auto-responders stay
 * quiet (RFC 3834), and threaded to the sender's message.
 */
export function autoReplyMail(
  kind: AutoReplyKind,
  to: { address: string; name: string | undefined },
  message: Pick<InboundMessage, 'messageId' | 'references'>,
): OutgoingMail {
  const { subject, paragraphs } = texts[kind]
  const filled = paragraphs.map((paragraph) => paragraph.replaceAll('{address}', to.address))
  const thread: Record<string, string> = message.messageId
    ? {
        'In-Reply-To': `<${message.messageId}>`,
        References: [...message.references.slice(-(maxReferences - 1)), message.messageId]
          .map((id) => `<${id}>`)
          .join(' '),
      }
    : {}
  return {
    to: [to],
    subject,
    text: `${filled.join('\n\n')}\n`,
    html: filled.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n'),
    headers: { 'Auto-Submitted': 'auto-replied', ...thread },
    tags: { kind: `auto-reply-${kind}` },
  }
}
