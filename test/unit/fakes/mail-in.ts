import { readFileSync } from 'node:fs'
import { parseReceivedMail } from '#src/adapters/mail/parse-mail.ts'
import type { Contact, StaffMember } from '#src/domain/directory.ts'
import { createReplyAddresses } from '#src/domain/reply-address.ts'
import type { AccountDirectory } from '#src/use-cases/ports/directory.ts'
import type { MailVerdicts, ReceiveMailDeps, ReceiveMailInput } from '#src/use-cases/receive-mail.ts'
import {
  aContact,
  InMemoryAccounts,
  InMemoryCaseStore,
  ManualClock,
  now,
  readContactsAndAccount,
  sequentialIds,
  slaFakes,
} from './core.ts'
import { FakeFileStore, fileRules, InMemoryFileCatalog } from './files.ts'
import { InMemoryMailer, InMemoryMailLedger } from './mail.ts'
import { InMemoryCaseWatcherStore } from './watchers.ts'

/** Fakes and builders for mail-in: the directory by e-mail address, the whole dependency bag, raw messages. */

export const supportAddress = 'support@caseline.example'
export const replyDomain = 'reply.caseline.example'
export const replyAddresses = createReplyAddresses('reply-address-test-key', replyDomain)

/** Contacts and staff, found by id and by e-mail address (case-insensitive, as the directory's address claim). */
export class InMemoryDirectory {
  private readonly contacts = new Map<string, Contact>()
  private readonly owners = new Map<string, { userId: string; kind: 'contact' | 'staff' }>()

  constructor(
    contacts: Contact[] = [],
    staff: StaffMember[] = [],
    private readonly accounts: AccountDirectory = new InMemoryAccounts(),
  ) {
    for (const contact of contacts) {
      this.contacts.set(contact.id, contact)
      this.owners.set(contact.email.toLowerCase(), { userId: contact.id, kind: 'contact' })
    }
    for (const member of staff)
      this.owners.set(member.email.toLowerCase(), { userId: member.id, kind: 'staff' })
  }

  async findContact(contactId: string): Promise<Contact | undefined> {
    return this.contacts.get(contactId)
  }

  async findContactsAndAccount(contactIds: readonly string[], accountId: string) {
    return readContactsAndAccount(this, this.accounts, contactIds, accountId)
  }

  async findEmailOwner(email: string) {
    return this.owners.get(email.toLowerCase())
  }
}

/** alice and adam of acme, gina of globex: the demo's contacts. */
export const alice = aContact()
export const gina = aContact({ id: 'gina', accountId: 'globex', email: 'gina@globex.example', name: 'Gina' })
export const formerContact = aContact({
  id: 'fred',
  email: 'fred@acme.example',
  name: 'Fred',
  active: false,
})

/** Everything receiveMail needs, in memory, with the demo contacts; each test gets its own. */
export function mailInFakes(options: { contacts?: Contact[]; staff?: StaffMember[] } = {}) {
  const cases = new InMemoryCaseStore()
  const files = new InMemoryFileCatalog()
  const fileStore = new FakeFileStore()
  const mailer = new InMemoryMailer()
  const mailLedger = new InMemoryMailLedger()
  const clock = new ManualClock(now)
  const sla = slaFakes()
  const contacts = new InMemoryDirectory(
    options.contacts ?? [alice, gina, formerContact],
    options.staff,
    sla.accounts,
  )
  const watchers = new InMemoryCaseWatcherStore()
  const deps: ReceiveMailDeps = {
    ...sla,
    cases,
    watchers,
    contacts,
    clock,
    ids: sequentialIds(),
    files,
    fileStore,
    fileRules,
    mailer,
    mailLedger,
    mailSettings: { from: supportAddress, replyDomain },
    replyAddresses: async () => replyAddresses,
  }
  return { deps, cases, files, fileStore, mailer, mailLedger, clock, watchers }
}

export const passing: MailVerdicts = { spf: 'PASS', dkim: 'PASS', spam: 'PASS', virus: 'PASS', dmarc: 'PASS' }

let delivered = 0

/**
 * A received message as the handler hands it over, parsed: passing verdicts and a fresh SES
 * message id by default.
 */
export async function received(
  raw: string | Uint8Array,
  overrides: Partial<ReceiveMailInput> = {},
): Promise<ReceiveMailInput> {
  delivered += 1
  return {
    messageId: `ses-message-${delivered}`,
    verdicts: passing,
    envelopeSender: '',
    recipients: [],
    parseMail: () =>
      parseReceivedMail(typeof raw === 'string' ? Buffer.from(raw.replace(/\r?\n/g, '\r\n')) : raw),
    ...overrides,
  }
}

/** A fixture from test/unit/mail-in/fixtures. */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../mail-in/fixtures/${name}`, import.meta.url))
}

export interface RawMailParts {
  from?: string
  to?: string
  cc?: string
  subject?: string
  text?: string
  messageId?: string
  inReplyTo?: string
  references?: string
  /** Extra header lines, `Name: value`. */
  headers?: string[]
  attachments?: { name: string; type: string; content: Uint8Array }[]
}

/** A plain RFC 822 message from parts, with attachments as base64 MIME parts. */
export function rawMail(parts: RawMailParts = {}): string {
  const headers = [
    `From: ${parts.from ?? 'Alice <alice@acme.example>'}`,
    `To: ${parts.to ?? supportAddress}`,
    ...(parts.cc ? [`Cc: ${parts.cc}`] : []),
    `Subject: ${parts.subject ?? 'Invoices fail to print'}`,
    `Message-ID: <${parts.messageId ?? 'customer-message-1@acme.example'}>`,
    ...(parts.inReplyTo ? [`In-Reply-To: ${parts.inReplyTo}`] : []),
    ...(parts.references ? [`References: ${parts.references}`] : []),
    'Date: Wed, 25 Nov 2026 09:55:00 +0000',
    'MIME-Version: 1.0',
    ...(parts.headers ?? []),
  ]
  const text = parts.text ?? 'Printing an invoice shows error 42.'
  if (!parts.attachments?.length)
    return [...headers, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\n')
  const boundary = 'mail-in-test-boundary'
  const attachmentParts = parts.attachments.flatMap((a) => [
    `--${boundary}`,
    `Content-Type: ${a.type}; name="${a.name}"`,
    `Content-Disposition: attachment; filename="${a.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(a.content).toString('base64').replace(/.{76}/g, '$&\n'),
  ])
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    ...attachmentParts,
    `--${boundary}--`,
    '',
  ].join('\n')
}
