import { Account, Contact } from '#src/domain/directory.ts'
import type * as z from '#src/zod.ts'
import { changedFields, draftOf, eventIdOfStreamRecord } from './drafting.ts'
import type { EventDraft } from './envelope.ts'

/** A contact item's change as the table stream carries it: none before when it was registered. */
export interface ContactChange {
  before?: Contact | undefined
  after: Contact
  /** The stream record's `eventID`: the same on every redelivery, so the event id is too. */
  recordId: string
  /** When the stream saw the change (its approximate creation time), if known. */
  at?: string | undefined
}

/** An account item's change as the table stream carries it (accounts are created by admins: no event). */
export interface AccountChange {
  before: Account
  after: Account
  recordId: string
  at?: string | undefined
}

/** What `contact.updated` reports: a contact's own fields, not its identity or timestamps. */
const contactFields = fieldsOf(Contact, ['id', 'accountId', 'createdAt', 'updatedAt'])

/**
 * What `account.updated` reports (docs/integrations.md, the catalogue): the account's settings as
 * a customer admin reads them (`GET /v1/accounts/{id}`), e-mail domains included; not the version
 * and timestamps, which change with every write.
 */
const accountFields = fieldsOf(Account, ['id', 'version', 'createdAt', 'updatedAt'])

/** The fields of an item's schema but the named ones: a field added to the schema is reported too. */
function fieldsOf<T extends z.ZodMiniObject>(schema: T, hidden: readonly (keyof z.infer<T>)[]) {
  return (Object.keys(schema.shape) as (keyof z.infer<T> & string)[]).filter(
    (field) => !hidden.includes(field),
  )
}

/**
 * When an item change happened: the item's own `updatedAt` if this write set it, else when the
 * stream saw it, else the item's last known time.
 */
function timeOf(
  before: { updatedAt?: string | undefined } | undefined,
  after: { createdAt: string; updatedAt?: string | undefined },
  at: string | undefined,
): string {
  if (!before) return after.createdAt
  if (after.updatedAt && after.updatedAt !== before.updatedAt) return after.updatedAt
  return at ?? after.updatedAt ?? after.createdAt
}

/**
 * The events of a contact item's change: `contact.created` for a new contact, `contact.updated`
 * naming the fields that changed; none when no reported field did.
 */
export function draftsOfContactChange(change: ContactChange): EventDraft[] {
  const { before, after } = change
  const place = {
    id: eventIdOfStreamRecord(change.recordId),
    time: timeOf(before, after, change.at),
    accountId: after.accountId,
  }
  if (!before) return [draftOf('contact.created', place, { contact: after })]
  // Erasure replaces name and address: reporting them before → after would publish what it removes.
  if (after.erasedAt) {
    return before.erasedAt
      ? []
      : [draftOf('contact.erased', place, { contactId: after.id, erasedAt: after.erasedAt })]
  }
  const changes = changedFields(before, after, contactFields)
  if (changes.length === 0) return []
  return [draftOf('contact.updated', place, { contactId: after.id, changes })]
}

/** The `account.updated` event of an account item's change; none when nothing a customer admin sees changed. */
export function draftsOfAccountChange(change: AccountChange): EventDraft[] {
  const { before, after } = change
  const changes = changedFields(before, after, accountFields)
  if (changes.length === 0) return []
  const place = {
    id: eventIdOfStreamRecord(change.recordId),
    time: timeOf(before, after, change.at),
    accountId: after.id,
  }
  return [draftOf('account.updated', place, { changes })]
}
