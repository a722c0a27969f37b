import type { Contact } from '#src/domain/directory.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { notificationIdFor, notificationKinds } from '#src/domain/notifications/notification-id.ts'
import type { ContactExportSource, StoredRecord } from '#src/use-cases/ports/contact-export.ts'
import type { AccountDirectory, ContactDirectory } from '#src/use-cases/ports/directory.ts'
import { administeredAccount } from './access.ts'

/** The sections of an access export, in the order they are written (docs/privacy.md, Access export). */
export const contactExportSections = [
  'profile',
  'cases',
  'watching',
  'comments',
  'history',
  'files',
  'surveys',
  'mail',
  'erasures',
] as const
export type ContactExportSection = (typeof contactExportSections)[number]

/** One line of the export: a section and one stored record of it. */
export interface ContactExportLine {
  section: ContactExportSection
  record: Record<string, unknown>
}

export interface ExportContactDeps {
  accounts: AccountDirectory
  contacts: ContactDirectory
  contactExport: ContactExportSource
}

/**
 * Case attributes that are support's bookkeeping rather than data about the person: staff tags and
 * labels, the SLA terms and clocks (docs/data-model.md). Left out of every export.
 */
const caseInternals = ['tags', 'labels', 'slaTerms', 'slaClocks', 'slaClock'] as const

/** How many case partitions are read at once: bounded, so a large account does not throttle the table. */
const concurrentCases = 8

/**
 * The access export of one contact (GDPR Art. 15; docs/privacy.md, Access export): every stored
 * item about the person, section by section. Admins any account's contacts, a customer admin its own
 * account's. What the person wrote or filed is theirs; what colleagues and staff wrote is not, even
 * on the person's cases (colleagues' comments, internal notes, internal events).
 * 1. Check the caller may administer the account (another account's id: 404, a plain customer: 403).
 * 2. The contact must belong to that account (404 otherwise, the same as an unknown one).
 * 3. `profile`: the contact and the claim of its e-mail address.
 * 4. Read every case partition of the account (the account timeline, then one Query per case) and
 *    keep the person's items: `cases` they are the contact of, `watching` their watcher items,
 *    `comments`, `history` and `files` they authored, `surveys` of their cases.
 * 5. `mail`: the sent-notification records of their cases and watched cases whose id is the digest
 *    of one of the case's events, a kind and the person's address, and those mails' threads.
 * 6. `erasures`: none yet (erasure is not built).
 */
export async function exportContact(
  accountId: string,
  contactId: string,
  caller: Caller,
  deps: ExportContactDeps,
): Promise<ContactExportLine[]> {
  const account = await administeredAccount(caller, accountId, deps)
  const contact = await deps.contacts.findContact(contactId)
  if (!contact || contact.accountId !== account.id) {
    throw new NotFoundError(`Account ${account.id} has no contact ${contactId}.`)
  }
  const operator = caller.kind === 'staff'
  const sections = Object.fromEntries(
    contactExportSections.map((section) => [section, [] as Record<string, unknown>[]]),
  ) as Record<ContactExportSection, Record<string, unknown>[]>

  sections.profile.push({ kind: 'contact', ...contact })
  const claim = await deps.contactExport.emailClaim(contact.email)
  if (claim) sections.profile.push({ kind: 'emailClaim', claim })

  for await (const caseIds of deps.contactExport.accountCaseIds(account.id)) {
    for (let i = 0; i < caseIds.length; i += concurrentCases) {
      const batch = caseIds.slice(i, i + concurrentCases)
      const picked = await Promise.all(batch.map((caseId) => pickFromCase(caseId, contact, operator, deps)))
      for (const lines of picked) for (const line of lines) sections[line.section].push(line.record)
    }
  }

  return contactExportSections.flatMap((section) => sections[section].map((record) => ({ section, record })))
}

/** Steps 4 and 5 for one case: the person's items of its partition, and the mail sent to them about it. */
async function pickFromCase(
  caseId: string,
  contact: Contact,
  operator: boolean,
  deps: ExportContactDeps,
): Promise<ContactExportLine[]> {
  const records = await deps.contactExport.caseRecords(caseId)
  const caseRecord = records.find((r) => r.entity === 'case')?.record
  const theirCase = caseRecord?.contactId === contact.id
  const lines: ContactExportLine[] = []
  let watching = false
  for (const { entity, record } of records) {
    const line = personalLine(entity, record, contact, theirCase, operator)
    if (!line) continue
    if (line.section === 'watching') watching = true
    lines.push(line)
  }
  if (theirCase || watching) lines.push(...(await mailTo(caseId, records, contact, deps)))
  return lines
}

/** Which section, if any, one item of a case's partition belongs to in the person's export. */
function personalLine(
  entity: string,
  record: Record<string, unknown>,
  contact: Contact,
  theirCase: boolean,
  operator: boolean,
): ContactExportLine | undefined {
  switch (entity) {
    case 'case':
      return theirCase ? { section: 'cases', record: caseRecordFor(record, operator) } : undefined
    case 'caseWatcher':
      return record.userId === contact.id ? { section: 'watching', record } : undefined
    case 'comment':
      // A contact only ever writes public comments; the visibility check keeps it that way.
      return record.authorId === contact.id && record.visibility === 'public'
        ? { section: 'comments', record }
        : undefined
    case 'caseEvent':
      return actorOf(record) === contact.id && record.visibility === 'public'
        ? { section: 'history', record: withoutInternalChanges(record) }
        : undefined
    case 'caseFile':
    case 'caseFolder':
      return record.uploadedBy === contact.id || record.createdBy === contact.id
        ? { section: 'files', record: { kind: entity === 'caseFile' ? 'file' : 'folder', ...record } }
        : undefined
    case 'survey':
      return theirCase || record.contactId === contact.id ? { section: 'surveys', record } : undefined
    default:
      return undefined
  }
}

function caseRecordFor(record: Record<string, unknown>, operator: boolean): Record<string, unknown> {
  const shown = { ...record }
  for (const name of caseInternals) delete shown[name]
  // Which custom field values a customer may see is the field catalogue's call (docs/custom-fields.md),
  // which the export does not read: the operator's admins get them all, customer admins none.
  if (!operator) delete shown.customFields
  return shown
}

const actorOf = (record: Record<string, unknown>): unknown =>
  typeof record.actor === 'object' && record.actor !== null
    ? (record.actor as { userId?: unknown }).userId
    : undefined

/** An event's changes without those only staff see. */
function withoutInternalChanges(record: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(record.changes)) return record
  return {
    ...record,
    changes: record.changes.filter(
      (c) => !(typeof c === 'object' && c !== null && 'internal' in c && c.internal),
    ),
  }
}

/**
 * Step 5: the ledger holds no address, only a digest of event, kind and address
 * (docs/privacy.md), so the person's notifications are those whose id is the digest of one of the
 * case's events, a kind and the person's address now. Mail sent to an address the person had before
 * does not match.
 */
async function mailTo(
  caseId: string,
  records: StoredRecord[],
  contact: Contact,
  deps: ExportContactDeps,
): Promise<ContactExportLine[]> {
  const ledger = await deps.contactExport.caseMailRecords(caseId)
  if (ledger.length === 0) return []
  const theirIds = new Set<string>()
  for (const { entity, record } of records) {
    if (entity !== 'caseEvent' || typeof record.id !== 'string') continue
    for (const kind of notificationKinds) theirIds.add(notificationIdFor(record.id, kind, contact.email))
  }
  const sent = ledger.filter(
    (r) => r.entity === 'sentNotification' && theirIds.has(String(r.record.notificationId)),
  )
  const messageIds = new Set(sent.map((r) => r.record.messageId))
  const threads = ledger.filter((r) => r.entity === 'mailThread' && messageIds.has(r.record.messageId))
  return [
    ...sent.map((r) => ({ section: 'mail' as const, record: { kind: 'sentNotification', ...r.record } })),
    ...threads.map((r) => ({ section: 'mail' as const, record: { kind: 'mailThread', ...r.record } })),
  ]
}
