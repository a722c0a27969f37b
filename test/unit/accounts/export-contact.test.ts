import { describe, expect, it } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import type { ContactErasure } from '#src/domain/erasure.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '#src/domain/errors.ts'
import { notificationIdFor } from '#src/domain/notifications/notification-id.ts'
import {
  type ContactExportLine,
  type ExportContactRequest,
  exportContact,
  maxExportBytes,
} from '#src/use-cases/accounts/export-contact.ts'
import type {
  ContactExportSource,
  IndexPosition,
  PersonCase,
  PersonItem,
  StoredRecord,
} from '#src/use-cases/ports/contact-export.ts'
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

const kindOrder = ['case', 'watcher', 'comment', 'event', 'file', 'survey'] as const
type Kind = (typeof kindOrder)[number]

/** One entry of the fake person index: whose, which kind, when, and the item it points at. */
interface Entry {
  person: string
  kind: Kind
  at: string
  item: StoredRecord | undefined
}

/**
 * The table as the export reads it: a person index sorted as gsi6 sorts it (kind, then time),
 * case items, event ids and mail ledgers by case, address claims. It records its reads of the
 * person's items, so a test can tell how much a page reads at once.
 */
class InMemoryExportSource implements ContactExportSource {
  readonly entries: Entry[]
  /** The `limit` of every read of the person's items. */
  readonly itemReads: number[] = []

  constructor(
    entries: Entry[],
    readonly ledgers: Record<string, StoredRecord[]> = {},
  ) {
    const sortKey = (e: Entry) => `${kindOrder.indexOf(e.kind)}#${e.kind}#${e.at}`
    this.entries = [...entries].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
  }

  private slice(person: string, kinds: readonly Kind[], after: IndexPosition | undefined, limit: number) {
    const all = this.entries
      .map((entry, n) => ({ entry, position: { n: String(n) } }))
      .filter(({ entry }) => entry.person === person && kinds.includes(entry.kind))
    const from = after ? all.findIndex(({ position }) => position.n === after.n) + 1 : 0
    const picked = all.slice(from, from + limit)
    return { picked, more: from + limit < all.length }
  }

  async personItems(contactId: string, after: IndexPosition | undefined, limit: number) {
    this.itemReads.push(limit)
    const { picked, more } = this.slice(contactId, kindOrder, after, limit)
    return {
      entries: picked.map(({ entry, position }): PersonItem => ({ item: entry.item, position })),
      more,
    }
  }

  async personCases(contactId: string, after: IndexPosition | undefined, limit: number) {
    const { picked, more } = this.slice(contactId, ['case', 'watcher'], after, limit)
    return {
      entries: picked.map(
        ({ entry, position }): PersonCase => ({
          caseId: String(entry.item?.record.caseId ?? entry.item?.record.id),
          kind: entry.kind as 'case' | 'watcher',
          position,
        }),
      ),
      more,
    }
  }

  async caseOwner(caseId: string) {
    const item = this.entries.find((e) => e.item?.entity === 'case' && e.item.record.id === caseId)?.item
    return item
      ? { accountId: String(item.record.accountId), contactId: String(item.record.contactId) }
      : undefined
  }

  async caseEventIds(caseId: string) {
    return this.entries
      .filter((e) => e.item?.entity === 'caseEvent' && e.item.record.caseId === caseId)
      .map((e) => String(e.item?.record.id))
  }

  async caseMailRecords(caseId: string) {
    return this.ledgers[caseId] ?? []
  }

  async emailClaim(email: string) {
    return { email, kind: 'contact', userId: email === aliceContact.email ? aliceContact.id : 'someone' }
  }
}

let clock = 0
const nextTime = () => new Date(Date.UTC(2026, 10, 1) + 1000 * clock++).toISOString()
const entry = (person: string, kind: Kind, item: StoredRecord | undefined): Entry => ({
  person,
  kind,
  at: nextTime(),
  item,
})

const aCase = (id: string, contactId: string, accountId = 'acme'): Entry =>
  entry(contactId, 'case', {
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
const anEvent = (id: string, caseId: string, userId: string, extra: Record<string, unknown> = {}): Entry =>
  entry(userId, 'event', {
    entity: 'caseEvent',
    record: {
      id,
      caseId,
      accountId: 'acme',
      actor: { userId, role: 'customer' },
      visibility: 'public',
      changes: [],
      ...extra,
    },
  })
/** An event of staff: in the case's history (its mail matches), never in anyone's person index. */
const aStaffEvent = (id: string, caseId: string): Entry => ({
  ...anEvent(id, caseId, 'sam'),
  person: 'staff',
})
const aComment = (id: string, caseId: string, authorId: string, body = `body of ${id}`): Entry =>
  entry(authorId, 'comment', {
    entity: 'comment',
    record: { id, caseId, accountId: 'acme', authorId, visibility: 'public', body },
  })
const aWatcher = (caseId: string, userId: string): Entry =>
  entry(userId, 'watcher', {
    entity: 'caseWatcher',
    record: { caseId, accountId: 'acme', userId, kind: 'contact' },
  })
const aFile = (id: string, caseId: string, uploadedBy: string): Entry =>
  entry(uploadedBy, 'file', {
    entity: 'caseFile',
    record: { id, caseId, accountId: 'acme', uploadedBy, name: `${id}.txt` },
  })
const aSurvey = (caseId: string, contactId: string): Entry =>
  entry(contactId, 'survey', {
    entity: 'survey',
    record: { caseId, accountId: 'acme', contactId, answer: { rating: 5 } },
  })
const sentTo = (eventId: string, email: string, messageId: string): StoredRecord => ({
  entity: 'sentNotification',
  record: { notificationId: notificationIdFor(eventId, 'comment', email), messageId },
})
const thread = (messageId: string, caseId: string): StoredRecord => ({
  entity: 'mailThread',
  record: { messageId, caseId },
})

/** The fixtures; `extra` entries are made after them, so they sort after them within their kind. */
/** Erasure records by contact: none unless a test adds one. */
const erasures = new Map<string, ContactErasure>()

function setUp(extra: () => Entry[] = () => []) {
  const source = new InMemoryExportSource(
    [
      aCase('c1', 'alice'),
      aComment('m1', 'c1', 'alice'),
      aComment('m2', 'c1', 'adam'),
      anEvent('e1', 'c1', 'alice', {
        changes: [
          { field: 'title', before: 'a', after: 'b' },
          { field: 'tags', after: ['x'], internal: true },
        ],
      }),
      aStaffEvent('e2', 'c1'),
      anEvent('e3', 'c1', 'alice', { visibility: 'internal' }),
      aFile('f1', 'c1', 'alice'),
      aFile('f2', 'c1', 'sam'),
      aSurvey('c1', 'alice'),
      aWatcher('c1', 'adam'),
      aCase('c2', 'adam'),
      aComment('m4', 'c2', 'alice'),
      anEvent('e4', 'c2', 'adam'),
      aStaffEvent('e5', 'c2'),
      aWatcher('c2', 'alice'),
      aSurvey('c2', 'adam'),
      aCase('c3', 'adam'),
      aComment('m6', 'c3', 'adam'),
      aCase('g1', 'gina', 'globex'),
      aComment('m7', 'g1', 'gina'),
      ...extra(),
    ],
    {
      c1: [
        sentTo('e2', aliceContact.email, 'msg-a'),
        sentTo('e2', adamContact.email, 'msg-b'),
        thread('msg-a', 'c1'),
        thread('msg-b', 'c1'),
      ],
      c2: [sentTo('e5', aliceContact.email, 'msg-w'), thread('msg-w', 'c2')],
      c3: [sentTo('e9', aliceContact.email, 'msg-c')],
    },
  )
  const deps = {
    accounts: new InMemoryAccountStore(),
    contacts: new InMemoryContactStore([adamContact, aliceContact, ginaContact]),
    contactExport: source,
    cursors: async () => createCursorCodec('export-test-secret'),
    erasures: { findErasure: async (contactId: string) => erasures.get(contactId) },
  }
  return { deps, source }
}

type Deps = ReturnType<typeof setUp>['deps']

/** Every page of an export, following the cursors. */
async function allPages(
  contactId: string,
  caller: typeof adam,
  deps: Deps,
  request: ExportContactRequest = {},
): Promise<ContactExportLine[][]> {
  const pages: ContactExportLine[][] = []
  let cursor: string | undefined
  do {
    const page = await exportContact('acme', contactId, caller, { ...request, cursor }, deps)
    pages.push(page.lines)
    cursor = page.nextCursor
    if (pages.length > 1000) throw new Error('the export does not end')
  } while (cursor)
  return pages
}

const idsIn = (lines: ContactExportLine[], section: string) =>
  lines.filter((line) => line.section === section).map((line) => line.record.id ?? line.record.caseId)

describe('exportContact', () => {
  it("writes the person's items section by section and nothing of a colleague's", async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const { lines, nextCursor } = await exportContact('acme', 'alice', adam, {}, deps)

    // Assert
    expect(nextCursor).toBeUndefined()
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
      expect.objectContaining({ kind: 'sentNotification', messageId: 'msg-w' }),
      expect.objectContaining({ kind: 'mailThread', messageId: 'msg-w' }),
    ])
    expect(JSON.stringify(lines)).not.toContain('gina')
  })

  it("ends with the person's erasure record, on the next page when the last one is full", async () => {
    // Arrange
    const { deps } = setUp()
    const record: ContactErasure = {
      contactId: 'alice',
      accountId: 'acme',
      requestedBy: { userId: 'root', role: 'admin' },
      requestedAt: '2026-12-03T10:00:00.000Z',
      options: { deleteComments: false, deleteFiles: false },
      status: 'in_progress',
      steps: [],
    }
    erasures.set('alice', record)
    const whole = (await exportContact('acme', 'alice', adam, {}, deps)).lines

    try {
      // Act: a line per page, so a page is full just before the record.
      const pages = await allPages('alice', adam, deps, { limit: 1 })

      // Assert
      expect(whole.at(-1)).toEqual({ section: 'erasures', record })
      expect(pages.at(-1)).toEqual([{ section: 'erasures', record }])
      expect(pages.flat()).toEqual(whole)
    } finally {
      erasures.delete('alice')
    }
  })

  it("leaves out support's bookkeeping, internal changes and, for a customer admin, custom field values", async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const byCustomerAdmin = (await exportContact('acme', 'alice', adam, {}, deps)).lines
    const byOperator = (await exportContact('acme', 'alice', root, {}, deps)).lines

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

  it('never exports what an index entry wrongly points at: another tenant, another author, a deleted item', async () => {
    // Arrange: entries under alice's id whose items are not hers to export.
    const { deps } = setUp(() => [
      { ...aComment('x1', 'g1', 'gina'), person: 'alice' },
      {
        person: 'alice',
        kind: 'comment',
        at: nextTime(),
        item: {
          entity: 'comment',
          record: { id: 'x2', caseId: 'g1', accountId: 'globex', authorId: 'alice', visibility: 'public' },
        },
      },
      { ...aCase('x3', 'alice', 'globex') },
      { ...aWatcher('c3', 'adam'), person: 'alice' },
      { person: 'alice', kind: 'file', at: nextTime(), item: undefined },
      {
        person: 'alice',
        kind: 'file',
        at: nextTime(),
        item: {
          entity: 'caseFolder',
          record: { id: 'd1', caseId: 'c1', accountId: 'acme', createdBy: 'sam' },
        },
      },
    ])

    // Act
    const { lines } = await exportContact('acme', 'alice', adam, {}, deps)

    // Assert
    const text = JSON.stringify(lines)
    for (const absent of ['x1', 'x2', 'x3', 'd1', 'globex']) expect(text).not.toContain(`"${absent}"`)
    expect(idsIn(lines, 'watching')).toEqual(['c2'])
    expect(idsIn(lines, 'cases')).toEqual(['c1'])
  })

  it("exports a folder the person made, and a watched case's mail once when it is also their own case", async () => {
    // Arrange
    const { deps } = setUp(() => [
      entry('alice', 'file', {
        entity: 'caseFolder',
        record: { id: 'd2', caseId: 'c1', accountId: 'acme', createdBy: 'alice', name: 'logs' },
      }),
      aWatcher('c1', 'alice'),
    ])

    // Act
    const { lines } = await exportContact('acme', 'alice', adam, {}, deps)

    // Assert
    expect(lines.filter((line) => line.section === 'files').map((line) => line.record)).toEqual([
      expect.objectContaining({ kind: 'file', id: 'f1' }),
      expect.objectContaining({ kind: 'folder', id: 'd2' }),
    ])
    expect(idsIn(lines, 'watching')).toEqual(['c2', 'c1'])
    const mail = lines.filter((line) => line.section === 'mail').map((line) => line.record.messageId)
    expect(mail).toEqual(['msg-a', 'msg-a', 'msg-w', 'msg-w'])
  })

  it.each([1, 2, 3, 5, 7])(
    'pages of %i lines hold exactly the lines of one big page, in order',
    async (limit) => {
      // Arrange
      const { deps } = setUp()
      const whole = (await exportContact('acme', 'alice', root, {}, deps)).lines

      // Act
      const pages = await allPages('alice', root, deps, { limit })

      // Assert
      expect(pages.flat()).toEqual(whole)
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit)
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true)
    },
  )

  it('reads the person index 100 entries at a time, so a full page never holds many items it does not send', async () => {
    // Arrange
    const many = () => Array.from({ length: 1200 }, (_, n) => aComment(`n${n}`, 'c1', 'alice'))
    const { deps, source } = setUp(many)

    // Act
    const first = await exportContact('acme', 'alice', adam, {}, deps)

    // Assert
    expect(first.lines).toHaveLength(1000)
    expect(first.nextCursor).toBeDefined()
    expect(Math.max(...source.itemReads)).toBe(100)
    expect(source.itemReads.length).toBeLessThanOrEqual(11)
  })

  it('stops a page at the byte bound, and the pages together still hold every line', async () => {
    // Arrange: five comments of 1.5 MB each, far beyond one page's bytes.
    const body = 'x'.repeat(1.5 * 1024 * 1024)
    const { deps } = setUp(() =>
      ['b1', 'b2', 'b3', 'b4', 'b5'].map((id) => aComment(id, 'c1', 'alice', body)),
    )
    const bytesOf = (lines: ContactExportLine[]) =>
      lines.reduce((sum, line) => sum + Buffer.byteLength(JSON.stringify(line)) + 1, 0)

    // Act
    const pages = await allPages('alice', adam, deps)

    // Assert
    expect(pages.length).toBeGreaterThanOrEqual(3)
    for (const page of pages) expect(bytesOf(page)).toBeLessThanOrEqual(maxExportBytes)
    expect(idsIn(pages.flat(), 'comments')).toEqual(['m1', 'm4', 'b1', 'b2', 'b3', 'b4', 'b5'])
  })

  it('answers a cursor that was edited, or issued for another contact or account, with a 400', async () => {
    // Arrange
    const { deps } = setUp(() => [aCase('c4', 'gina', 'globex')])
    const first = await exportContact('acme', 'alice', adam, { limit: 2 }, deps)
    const cursor = first.nextCursor ?? ''
    const [payload, signature] = cursor.split('.')
    const edited = `${Buffer.from(JSON.stringify({ phase: 'mail', skip: 0 })).toString('base64url')}.${signature}`

    // Act
    const tampered = await rejectionOf(exportContact('acme', 'alice', adam, { cursor: edited }, deps))
    const truncated = await rejectionOf(exportContact('acme', 'alice', adam, { cursor: `${payload}.` }, deps))
    const otherContact = await rejectionOf(exportContact('acme', 'adam', adam, { cursor }, deps))
    const otherAccount = await rejectionOf(exportContact('globex', 'gina', root, { cursor }, deps))
    const resumed = await exportContact('acme', 'alice', adam, { cursor, limit: 2 }, deps)

    // Assert
    expect(first.lines.map((line) => line.section)).toEqual(['profile', 'profile'])
    for (const rejection of [tampered, truncated, otherContact, otherAccount]) {
      expect(rejection).toBeInstanceOf(ValidationError)
      expect((rejection as ValidationError).status).toBe(400)
    }
    expect(resumed.lines.map((line) => line.section)).toEqual(['cases', 'watching'])
  })

  it('refuses a signed cursor that carries no export position', async () => {
    // Arrange
    const { deps } = setUp()
    const codec = await deps.cursors()
    const context = 'contact-export\nacme\nalice'
    const forged = [
      codec.encode({ phase: 'surveys' }, context),
      codec.encode({ phase: 'profile', skip: -1 }, context),
      codec.encode({ phase: 'items', after: 'x' }, context),
      codec.encode(null, context),
    ]

    // Act
    const rejections = await Promise.all(
      forged.map((cursor) => rejectionOf(exportContact('acme', 'alice', adam, { cursor }, deps))),
    )

    // Assert
    for (const rejection of rejections) expect(rejection).toBeInstanceOf(ValidationError)
  })

  it('answers 404 for a contact of another account, through either account', async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const viaAcme = await rejectionOf(exportContact('acme', 'gina', root, {}, deps))
    const otherAccount = await rejectionOf(exportContact('globex', 'gina', adam, {}, deps))
    const unknown = await rejectionOf(exportContact('acme', 'nobody', adam, {}, deps))

    // Assert
    expect(viaAcme).toBeInstanceOf(NotFoundError)
    expect(otherAccount).toBeInstanceOf(NotFoundError)
    expect(unknown).toBeInstanceOf(NotFoundError)
  })

  it('refuses plain customers and staff who are not admins (403)', async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const byCustomer = await rejectionOf(exportContact('acme', 'alice', alice, {}, deps))
    const byAgent = await rejectionOf(exportContact('acme', 'alice', sam, {}, deps))

    // Assert
    expect(byCustomer).toBeInstanceOf(ForbiddenError)
    expect(byAgent).toBeInstanceOf(ForbiddenError)
  })
})
