import { describe, expect, it } from 'vitest'
import { ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import { notificationIdFor } from '#src/domain/notifications/notification-id.ts'
import { type ContactExportLine, exportContact } from '#src/use-cases/accounts/export-contact.ts'
import type { ContactExportSource, StoredRecord } from '#src/use-cases/ports/contact-export.ts'
import {
  adamContact,
  aliceContact,
  ginaContact,
  InMemoryAccountStore,
  InMemoryContactStore,
} from '../fakes/accounts.ts'
import { aCustomer, aStaffMember, rejectionOf } from '../fakes/core.ts'

const root = aStaffMember({ userId: 'root', role: 'admin', email: 'root@vendor.example' })
const sam = aStaffMember({ userId: 'sam', role: 'agent', email: 'sam@vendor.example' })
const adam = aCustomer({ userId: 'adam', role: 'customer_admin', email: 'adam@acme.example' })
const alice = aCustomer({ userId: aliceContact.id, role: 'customer', email: aliceContact.email })

/** The table as the export reads it: case partitions and mail ledgers by case, address claims. */
class InMemoryExportSource implements ContactExportSource {
  constructor(
    readonly cases: Record<string, StoredRecord[]>,
    readonly ledgers: Record<string, StoredRecord[]> = {},
  ) {}

  async *accountCaseIds(accountId: string) {
    const ids = Object.entries(this.cases)
      .filter(([, records]) => records.some((r) => r.entity === 'case' && r.record.accountId === accountId))
      .map(([id]) => id)
    // Two pages, as the account timeline hands them.
    yield ids.slice(0, 1)
    yield ids.slice(1)
  }

  async caseRecords(caseId: string) {
    return this.cases[caseId] ?? []
  }

  async caseMailRecords(caseId: string) {
    return this.ledgers[caseId] ?? []
  }

  async emailClaim(email: string) {
    return { email, kind: 'contact', userId: email === aliceContact.email ? aliceContact.id : 'someone' }
  }
}

const aCase = (id: string, contactId: string, accountId = 'acme'): StoredRecord => ({
  entity: 'case',
  record: {
    id,
    accountId,
    contactId,
    title: `Case ${id}`,
    tags: ['vip'],
    labels: ['vip'],
    slaTerms: { serviceLevel: 'premium' },
    customFields: { contract: 'C-1' },
  },
})
const anEvent = (
  id: string,
  caseId: string,
  userId: string,
  extra: Record<string, unknown> = {},
): StoredRecord => ({
  entity: 'caseEvent',
  record: { id, caseId, actor: { userId, role: 'customer' }, visibility: 'public', changes: [], ...extra },
})
const aComment = (id: string, caseId: string, authorId: string, visibility = 'public'): StoredRecord => ({
  entity: 'comment',
  record: { id, caseId, authorId, visibility, body: `body of ${id}` },
})

function setUp() {
  const source = new InMemoryExportSource(
    {
      c1: [
        aCase('c1', 'alice'),
        aComment('m1', 'c1', 'alice'),
        aComment('m2', 'c1', 'adam'),
        aComment('m3', 'c1', 'sam', 'internal'),
        anEvent('e1', 'c1', 'alice', {
          changes: [
            { field: 'title', before: 'a', after: 'b' },
            { field: 'tags', after: ['x'], internal: true },
          ],
        }),
        anEvent('e2', 'c1', 'sam'),
        anEvent('e3', 'c1', 'alice', { visibility: 'internal' }),
        { entity: 'caseFile', record: { id: 'f1', caseId: 'c1', uploadedBy: 'alice', name: 'log.txt' } },
        { entity: 'caseFile', record: { id: 'f2', caseId: 'c1', uploadedBy: 'sam', name: 'patch.zip' } },
        { entity: 'survey', record: { caseId: 'c1', contactId: 'alice', answer: { rating: 5 } } },
        { entity: 'caseWatcher', record: { caseId: 'c1', userId: 'adam', kind: 'contact' } },
      ],
      c2: [
        aCase('c2', 'adam'),
        aComment('m4', 'c2', 'alice'),
        aComment('m5', 'c2', 'adam'),
        anEvent('e4', 'c2', 'adam'),
        { entity: 'caseWatcher', record: { caseId: 'c2', userId: 'alice', kind: 'contact' } },
        { entity: 'survey', record: { caseId: 'c2', contactId: 'adam', answer: { rating: 1 } } },
      ],
      c3: [aCase('c3', 'adam'), aComment('m6', 'c3', 'adam')],
      g1: [aCase('g1', 'gina', 'globex'), aComment('m7', 'g1', 'gina')],
    },
    {
      c1: [
        {
          entity: 'sentNotification',
          record: {
            notificationId: notificationIdFor('e2', 'comment', aliceContact.email),
            messageId: 'msg-a',
          },
        },
        {
          entity: 'sentNotification',
          record: {
            notificationId: notificationIdFor('e2', 'comment', adamContact.email),
            messageId: 'msg-b',
          },
        },
        { entity: 'mailThread', record: { messageId: 'msg-a', caseId: 'c1' } },
        { entity: 'mailThread', record: { messageId: 'msg-b', caseId: 'c1' } },
      ],
      c3: [
        {
          entity: 'sentNotification',
          record: {
            notificationId: notificationIdFor('e9', 'comment', aliceContact.email),
            messageId: 'msg-c',
          },
        },
      ],
    },
  )
  const deps = {
    accounts: new InMemoryAccountStore(),
    contacts: new InMemoryContactStore([adamContact, aliceContact, ginaContact]),
    contactExport: source,
  }
  return { deps }
}

const idsIn = (lines: ContactExportLine[], section: string) =>
  lines.filter((line) => line.section === section).map((line) => line.record.id ?? line.record.caseId)

describe('exportContact', () => {
  it("writes the person's items section by section and nothing of a colleague's", async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const lines = await exportContact('acme', 'alice', adam, deps)

    // Assert
    expect([...new Set(lines.map((line) => line.section))]).toEqual([
      'profile',
      'cases',
      'watching',
      'comments',
      'history',
      'files',
      'surveys',
      'mail',
    ])
    expect(lines.filter((line) => line.section === 'profile').map((line) => line.record.kind)).toEqual([
      'contact',
      'emailClaim',
    ])
    expect(idsIn(lines, 'cases')).toEqual(['c1'])
    expect(idsIn(lines, 'watching')).toEqual(['c2'])
    expect(idsIn(lines, 'comments')).toEqual(['m1', 'm4'])
    expect(idsIn(lines, 'history')).toEqual(['e1'])
    expect(idsIn(lines, 'files')).toEqual(['f1'])
    expect(idsIn(lines, 'surveys')).toEqual(['c1'])
    expect(lines.filter((line) => line.section === 'mail').map((line) => line.record)).toEqual([
      expect.objectContaining({ kind: 'sentNotification', messageId: 'msg-a' }),
      expect.objectContaining({ kind: 'mailThread', messageId: 'msg-a' }),
    ])
    expect(JSON.stringify(lines)).not.toContain('gina')
  })

  it("leaves out support's bookkeeping, internal changes and, for a customer admin, custom field values", async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const byCustomerAdmin = await exportContact('acme', 'alice', adam, deps)
    const byOperator = await exportContact('acme', 'alice', root, deps)

    // Assert
    const caseOf = (lines: ContactExportLine[]) => lines.find((line) => line.section === 'cases')?.record
    for (const name of ['tags', 'labels', 'slaTerms', 'customFields']) {
      expect(caseOf(byCustomerAdmin)).not.toHaveProperty(name)
    }
    expect(caseOf(byOperator)).toMatchObject({ customFields: { contract: 'C-1' } })
    expect(caseOf(byOperator)).not.toHaveProperty('tags')
    const event = byCustomerAdmin.find((line) => line.section === 'history')?.record
    expect(event?.changes).toEqual([{ field: 'title', before: 'a', after: 'b' }])
  })

  it('answers 404 for a contact of another account, through either account', async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const viaAcme = await rejectionOf(exportContact('acme', 'gina', root, deps))
    const otherAccount = await rejectionOf(exportContact('globex', 'gina', adam, deps))
    const unknown = await rejectionOf(exportContact('acme', 'nobody', adam, deps))

    // Assert
    expect(viaAcme).toBeInstanceOf(NotFoundError)
    expect(otherAccount).toBeInstanceOf(NotFoundError)
    expect(unknown).toBeInstanceOf(NotFoundError)
  })

  it('refuses plain customers and staff who are not admins (403)', async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const byCustomer = await rejectionOf(exportContact('acme', 'alice', alice, deps))
    const byAgent = await rejectionOf(exportContact('acme', 'alice', sam, deps))

    // Assert
    expect(byCustomer).toBeInstanceOf(ForbiddenError)
    expect(byAgent).toBeInstanceOf(ForbiddenError)
  })
})
