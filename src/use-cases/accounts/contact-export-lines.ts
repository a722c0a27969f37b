import type { Contact } from '#src/domain/directory.ts'
import { notificationIdFor, notificationKinds } from '#src/domain/notifications/notification-id.ts'
import type { StoredRecord } from '#src/use-cases/ports/contact-export.ts'

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

/** Whose export a line is picked for, and who asked for it. */
export interface ExportScope {
  accountId: string
  contact: Contact
  /** The operator's staff asked (they see custom field values); otherwise a customer admin. */
  operator: boolean
}

/**
 * Case attributes that are support's bookkeeping rather than data about the person: staff tags and
 * labels, the SLA terms and clocks (docs/data-model.md). Left out of every export.
 */
const caseInternals = ['tags', 'labels', 'slaTerms', 'slaClocks', 'slaClock'] as const

/**
 * The line one item of the person index becomes in the person's export, or none. The index lists
 * what was written under the person's id, but every rule is checked again on the item itself: what
 * another person wrote, anything internal, and anything of another tenant is never exported, even if
 * an index entry pointed at it (defence in depth; docs/privacy.md).
 */
export function personalLine(
  { entity, record }: StoredRecord,
  scope: ExportScope,
): ContactExportLine | undefined {
  if (record.accountId !== scope.accountId) return undefined
  const contactId = scope.contact.id
  switch (entity) {
    case 'case':
      return record.contactId === contactId
        ? { section: 'cases', record: caseRecordFor(record, scope.operator) }
        : undefined
    case 'caseWatcher':
      return record.userId === contactId ? { section: 'watching', record } : undefined
    case 'comment':
      // A contact only ever writes public comments; the visibility check keeps it that way.
      return record.authorId === contactId && record.visibility === 'public'
        ? { section: 'comments', record }
        : undefined
    case 'caseEvent':
      return actorOf(record) === contactId && record.visibility === 'public'
        ? { section: 'history', record: withoutInternalChanges(record) }
        : undefined
    case 'caseFile':
      return record.uploadedBy === contactId
        ? { section: 'files', record: { kind: 'file', ...record } }
        : undefined
    case 'caseFolder':
      // Folders record no role: the index lists them under whoever made them, staff too.
      return record.createdBy === contactId
        ? { section: 'files', record: { kind: 'folder', ...record } }
        : undefined
    case 'survey':
      return record.contactId === contactId ? { section: 'surveys', record } : undefined
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
 * The `mail` lines of one case: the ledger holds no address, only a digest of event, kind and
 * address (docs/privacy.md), so the person's notifications are those whose id is the digest of one
 * of the case's events, a kind and the person's address now; then the threads of those mails. Mail
 * sent to an address the person had before does not match.
 */
export function mailLines(
  eventIds: readonly string[],
  ledger: readonly StoredRecord[],
  email: string,
): ContactExportLine[] {
  if (ledger.length === 0) return []
  const theirIds = new Set<string>()
  for (const eventId of eventIds) {
    for (const kind of notificationKinds) theirIds.add(notificationIdFor(eventId, kind, email))
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
