import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { caseEventItem } from '#src/adapters/dynamodb/case-event-item.ts'
import { caseItem, commentItem } from '#src/adapters/dynamodb/case-repository.ts'
import { createContactExportReader } from '#src/adapters/dynamodb/contact-export-reader.ts'
import { createErasureRepository } from '#src/adapters/dynamodb/erasure-repository.ts'
import { watcherItem } from '#src/adapters/dynamodb/watcher-repository.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { type ContactExportLine, exportContact } from '#src/use-cases/accounts/export-contact.ts'
import { InMemoryAccountStore, InMemoryContactStore } from '../unit/fakes/accounts.ts'
import { aCase, aContact, aStaffMember } from '../unit/fakes/core.ts'
import { useLocalTables } from './local-tables.ts'

// The access export on the real person index (gsi6, keys only) in DynamoDB Local: what it finds,
// and that its reads follow the person, not the size of their account (docs/privacy.md).

const { doc, freshTable } = useLocalTables('contact-export')
const root = aStaffMember({ userId: 'root', role: 'admin', email: 'root@vendor.example' })
const paula = aContact({ id: 'paula', email: 'paula@acme.example', name: 'Paula' })
const olga = aContact({ id: 'olga', email: 'olga@acme.example', name: 'Olga' })

/** The DynamoDB calls the reader makes, by command. */
const calls: Record<string, number> = {}
doc.middlewareStack.add(
  (next, context) => async (args) => {
    const name = context.commandName ?? 'unknown'
    calls[name] = (calls[name] ?? 0) + 1
    return next(args)
  },
  { step: 'initialize', name: 'countExportCalls' },
)

let tableName = ''
let at = 0
const nextAt = () => new Date(Date.UTC(2026, 10, 1) + 60_000 * at++).toISOString()

const aComment = (id: string, caseId: string, authorId: string, accountId = 'acme'): Comment => ({
  id,
  caseId,
  accountId,
  authorId,
  authorRole: 'customer',
  visibility: 'public',
  body: `${authorId}'s comment ${id}`,
  createdAt: nextAt(),
})
const anEvent = (id: string, caseId: string, userId: string): CaseEvent => ({
  id,
  caseId,
  accountId: 'acme',
  type: 'comment.added',
  action: 'comment',
  actor: { userId, role: 'customer' },
  at: nextAt(),
  visibility: 'public',
  changes: [],
})

async function put(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    )
  }
}

/** `count` cases of olga's, each with two comments of hers: the rest of the account. */
async function colleagueCases(from: number, count: number): Promise<void> {
  const items: Record<string, unknown>[] = []
  for (let n = from; n < from + count; n++) {
    const id = `olga-${n}`
    items.push(
      caseItem(aCase({ id, number: `CS-${n}`, contactId: 'olga', createdBy: 'olga', createdAt: nextAt() })),
    )
    items.push(commentItem(aComment(`${id}-a`, id, 'olga')), commentItem(aComment(`${id}-b`, id, 'olga')))
    items.push(caseEventItem(anEvent(`${id}-e`, id, 'olga')))
  }
  await put(items)
}

function deps() {
  return {
    accounts: new InMemoryAccountStore(),
    contacts: new InMemoryContactStore([paula, olga]),
    contactExport: createContactExportReader(doc, tableName),
    cursors: async () => createCursorCodec('contact-export-reader-test'),
    erasures: createErasureRepository(doc, tableName),
  }
}

/** Every page of paula's export, and the DynamoDB calls they took. */
async function exportPaula(limit?: number) {
  for (const name of Object.keys(calls)) delete calls[name]
  const pages: ContactExportLine[][] = []
  let cursor: string | undefined
  do {
    const page = await exportContact('acme', 'paula', root, { cursor, limit }, deps())
    pages.push(page.lines)
    cursor = page.nextCursor
  } while (cursor)
  return { pages, lines: pages.flat(), calls: { ...calls } }
}

const idsIn = (lines: ContactExportLine[], section: string) =>
  lines.filter((line) => line.section === section).map((line) => String(line.record.id ?? line.record.caseId))

beforeAll(async () => {
  tableName = await freshTable()
  // Paula: two cases of her own, comments on them and on one of olga's, which she watches.
  const paulas = ['paula-1', 'paula-2'].map((id, n) =>
    aCase({ id, number: `CS-P${n}`, contactId: 'paula', createdBy: 'paula', createdAt: nextAt() }),
  )
  await colleagueCases(0, 20)
  await put([
    ...paulas.map(caseItem),
    commentItem(aComment('p-c1', 'paula-1', 'paula')),
    commentItem(aComment('p-c2', 'olga-3', 'paula')),
    caseEventItem(anEvent('p-e1', 'paula-1', 'paula')),
    watcherItem({
      caseId: 'olga-3',
      accountId: 'acme',
      userId: 'paula',
      kind: 'contact',
      addedBy: 'paula',
      addedAt: nextAt(),
    }),
    // Written under paula's id in another tenant: an entry the export must not follow.
    commentItem(aComment('p-x1', 'globex-1', 'paula', 'globex')),
  ])
})

describe('the access export on the person index', () => {
  it("finds the person's items and nothing of a colleague's or of another tenant", async () => {
    // Act
    const { lines } = await exportPaula()

    // Assert
    expect(idsIn(lines, 'cases')).toEqual(['paula-1', 'paula-2'])
    expect(idsIn(lines, 'watching')).toEqual(['olga-3'])
    expect(idsIn(lines, 'comments')).toEqual(['p-c1', 'p-c2'])
    expect(idsIn(lines, 'history')).toEqual(['p-e1'])
    expect(JSON.stringify(lines)).not.toMatch(/olga's comment|p-x1|globex/)
  })

  it('reads as much for an account of 220 cases as for one of 20, and pages to the same lines', async () => {
    // Arrange
    const small = await exportPaula()
    await colleagueCases(20, 200)

    // Act
    const large = await exportPaula()
    const paged = await exportPaula(2)

    // Assert
    expect(large.lines).toEqual(small.lines)
    expect(large.calls).toEqual(small.calls)
    expect(paged.lines).toEqual(large.lines)
    expect(paged.pages.every((page) => page.length <= 2)).toBe(true)
    // One page: the address claim (GetItem); the person's items (a Query of gsi6, one BatchGetItem);
    // their case and watcher entries (a Query of gsi6); per case of theirs or watched (3) a GetItem
    // of its owner, a Query of its event ids and one of its mail ledger; the erasure record (GetItem).
    expect(large.calls).toEqual({
      GetItemCommand: 1 + 3 + 1,
      QueryCommand: 1 + 1 + 3 * 2,
      BatchGetItemCommand: 1,
    })
  })
})
