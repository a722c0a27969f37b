import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { inverseOf, type LinkKind, linkIdOf } from '#src/domain/case-link.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#src/domain/errors.ts'
import { linkCases } from '#src/use-cases/links/link-cases.ts'
import { listCaseLinks } from '#src/use-cases/links/list-case-links.ts'
import { unlinkCases } from '#src/use-cases/links/unlink-cases.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseStore,
  now,
  sequentialIds,
} from '../fakes/core.ts'
import { InMemoryCaseLinkStore } from '../fakes/links.ts'

const original = aCase({ id: 'case-1', number: 'CS-1001', accountId: 'acme' })
const duplicate = aCase({ id: 'case-2', number: 'CS-1002', accountId: 'acme' })
const foreign = aCase({ id: 'case-9', number: 'CS-1009', accountId: 'globex', contactId: 'gina' })

function setUp(cases: Case[] = [original, duplicate, foreign]) {
  const store = new InMemoryCaseStore({ cases })
  const links = new InMemoryCaseLinkStore()
  return { links, deps: { cases: store, links, clock: fixedClock(), ids: sequentialIds() } }
}

const sam = aStaffMember()
const alice = aCustomer()
const gina = aCustomer({ userId: 'gina', email: 'gina@globex.example', accountId: 'globex' })

describe('the link kinds', () => {
  it.each([
    ['relates_to', 'relates_to'],
    ['duplicate_of', 'has_duplicate'],
    ['caused_by', 'causes'],
  ] as const)('%s is seen as %s from the other case, and back', (kind, inverse) => {
    expect(inverseOf(kind)).toBe(inverse)
    expect(inverseOf(inverse)).toBe(kind)
  })

  it('a link id is the same from either side and differs per pair', () => {
    expect(linkIdOf('case-1', 'case-2')).toBe(linkIdOf('case-2', 'case-1'))
    expect(linkIdOf('case-1', 'case-2')).not.toBe(linkIdOf('case-1', 'case-3'))
    expect(linkIdOf('case-1', 'case-2')).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
  })
})

describe('linkCases', () => {
  it('writes both sides, the other with the inverse kind, and a public event in each history', async () => {
    // Arrange
    const { links, deps } = setUp()

    // Act
    const link = await linkCases('case-2', { kind: 'duplicate_of', caseId: 'case-1' }, sam, deps)

    // Assert
    const id = linkIdOf('case-1', 'case-2')
    expect(link).toEqual({
      id,
      caseId: 'case-2',
      accountId: 'acme',
      kind: 'duplicate_of',
      linkedCaseId: 'case-1',
      linkedCaseNumber: 'CS-1001',
      linkedAccountId: 'acme',
      createdBy: 'sam',
      createdAt: now.toISOString(),
    })
    expect(await links.findLink('case-1', id)).toEqual({
      ...link,
      caseId: 'case-1',
      kind: 'has_duplicate',
      linkedCaseId: 'case-2',
      linkedCaseNumber: 'CS-1002',
    })
    expect(links.events.map((e) => [e.caseId, e.type, e.action, e.visibility, e.details?.kind])).toEqual([
      ['case-2', 'case.linked', 'link', 'public', 'duplicate_of'],
      ['case-1', 'case.linked', 'link', 'public', 'has_duplicate'],
    ])
    expect(links.events[0]).toMatchObject({
      accountId: 'acme',
      actor: { userId: 'sam', role: 'agent' },
      at: now.toISOString(),
      changes: [],
      details: { linkId: id, linkedCaseId: 'case-1', linkedCaseNumber: 'CS-1001' },
    })
  })

  it.each(['relates_to', 'duplicate_of', 'caused_by'] as const)(
    'lists %s on this case and its inverse on the other',
    async (kind: LinkKind) => {
      // Arrange
      const { deps } = setUp()

      // Act
      await linkCases('case-1', { kind, caseId: 'case-2' }, sam, deps)

      // Assert
      const here = await listCaseLinks('case-1', { limit: 25 }, sam, deps)
      const there = await listCaseLinks('case-2', { limit: 25 }, sam, deps)
      expect(here.items.map((l) => l.kind)).toEqual([kind])
      expect(there.items.map((l) => l.kind)).toEqual([inverseOf(kind)])
    },
  )

  it('links cases of different accounts for staff, with staff-only events on both sides', async () => {
    // Arrange
    const { links, deps } = setUp()

    // Act
    const link = await linkCases('case-1', { kind: 'caused_by', caseId: 'case-9' }, sam, deps)

    // Assert
    expect(link).toMatchObject({ accountId: 'acme', linkedAccountId: 'globex', kind: 'caused_by' })
    expect(links.events.map((e) => [e.caseId, e.accountId, e.visibility])).toEqual([
      ['case-1', 'acme', 'internal'],
      ['case-9', 'globex', 'internal'],
    ])
  })

  it('refuses customers (403) and writes nothing', async () => {
    const { links, deps } = setUp()
    for (const caller of [alice, aCustomer({ role: 'customer_admin', userId: 'adam' })]) {
      await expect(
        linkCases('case-1', { kind: 'relates_to', caseId: 'case-2' }, caller, deps),
      ).rejects.toThrow(ForbiddenError)
    }
    expect(links.links.size).toBe(0)
  })

  it('answers 404 for a missing case in the path', async () => {
    const { deps } = setUp()
    await expect(linkCases('nope', { kind: 'relates_to', caseId: 'case-2' }, sam, deps)).rejects.toThrow(
      NotFoundError,
    )
  })

  it('refuses a missing other case with a 400 naming /caseId', async () => {
    const { links, deps } = setUp()
    const error = await linkCases('case-1', { kind: 'relates_to', caseId: 'nope' }, sam, deps).catch((e) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.errors).toEqual([{ pointer: '/caseId', detail: 'is not a case' }])
    expect(links.links.size).toBe(0)
  })

  it('refuses a link of a case to itself with a 400 naming /caseId', async () => {
    const { deps } = setUp()
    const error = await linkCases('case-1', { kind: 'relates_to', caseId: 'case-1' }, sam, deps).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.errors).toEqual([{ pointer: '/caseId', detail: 'is this case itself' }])
  })

  it('answers 409 when the pair is already linked, in either direction and of any kind', async () => {
    // Arrange
    const { links, deps } = setUp()
    await linkCases('case-2', { kind: 'duplicate_of', caseId: 'case-1' }, sam, deps)
    const eventsBefore = links.events.length

    // Act / Assert
    for (const [from, to, kind] of [
      ['case-2', 'case-1', 'duplicate_of'],
      ['case-1', 'case-2', 'relates_to'],
    ] as const) {
      const error = await linkCases(from, { kind, caseId: to }, sam, deps).catch((e) => e)
      expect(error).toBeInstanceOf(ConflictError)
      expect(error.message).toMatch(/already linked/)
    }
    expect(links.events).toHaveLength(eventsBefore)
  })
})

describe('listCaseLinks', () => {
  it("shows a customer the links between its own account's cases only", async () => {
    // Arrange
    const { deps } = setUp()
    await linkCases('case-1', { kind: 'relates_to', caseId: 'case-2' }, sam, deps)
    await linkCases('case-1', { kind: 'caused_by', caseId: 'case-9' }, sam, deps)

    // Act
    const forAlice = await listCaseLinks('case-1', { limit: 25 }, alice, deps)
    const forSam = await listCaseLinks('case-1', { limit: 25 }, sam, deps)
    const forGina = await listCaseLinks('case-9', { limit: 25 }, gina, deps)

    // Assert
    expect(forAlice.items.map((l) => l.linkedCaseId)).toEqual(['case-2'])
    expect(forSam.items.map((l) => l.linkedCaseId).sort()).toEqual(['case-2', 'case-9'])
    expect(forGina.items).toEqual([])
  })

  it("answers 404 for another account's case, as for a missing one", async () => {
    const { links, deps } = setUp()
    await linkCases('case-1', { kind: 'relates_to', caseId: 'case-9' }, sam, deps)
    await expect(listCaseLinks('case-1', { limit: 25 }, gina, deps)).rejects.toThrow(NotFoundError)
    await expect(listCaseLinks('nope', { limit: 25 }, alice, deps)).rejects.toThrow(NotFoundError)
    expect(links.listScopes).toEqual([])
  })
})

describe('unlinkCases', () => {
  it('removes both sides from either case and records it in both histories', async () => {
    // Arrange
    const { links, deps } = setUp()
    const link = await linkCases('case-2', { kind: 'duplicate_of', caseId: 'case-1' }, sam, deps)

    // Act: from the other case, which sees the inverse kind
    const removed = await unlinkCases('case-1', link.id, sam, deps)

    // Assert
    expect(removed).toMatchObject({ id: link.id, caseId: 'case-1', kind: 'has_duplicate' })
    expect(links.links.size).toBe(0)
    expect(
      links.events.slice(2).map((e) => [e.caseId, e.type, e.action, e.visibility, e.details?.kind]),
    ).toEqual([
      ['case-1', 'case.unlinked', 'unlink', 'public', 'has_duplicate'],
      ['case-2', 'case.unlinked', 'unlink', 'public', 'duplicate_of'],
    ])
    // The pair may be linked again, now otherwise.
    await expect(
      linkCases('case-1', { kind: 'relates_to', caseId: 'case-2' }, sam, deps),
    ).resolves.toMatchObject({
      id: link.id,
      kind: 'relates_to',
    })
  })

  it('refuses customers (403)', async () => {
    const { links, deps } = setUp()
    const link = await linkCases('case-1', { kind: 'relates_to', caseId: 'case-2' }, sam, deps)
    await expect(unlinkCases('case-1', link.id, alice, deps)).rejects.toThrow(ForbiddenError)
    expect(links.links.size).toBe(2)
  })

  it('answers 404 for an unknown link, a link of another case, and a link removed meanwhile', async () => {
    // Arrange
    const { links, deps } = setUp([original, duplicate, foreign, aCase({ id: 'case-3', number: 'CS-1003' })])
    const link = await linkCases('case-1', { kind: 'relates_to', caseId: 'case-2' }, sam, deps)

    // Act / Assert
    await expect(unlinkCases('case-1', 'nope', sam, deps)).rejects.toThrow(NotFoundError)
    await expect(unlinkCases('case-3', link.id, sam, deps)).rejects.toThrow(NotFoundError)
    await expect(unlinkCases('nope', link.id, sam, deps)).rejects.toThrow(NotFoundError)
    links.links.delete(`case-2|${link.id}`)
    await expect(unlinkCases('case-1', link.id, sam, deps)).rejects.toThrow(NotFoundError)
  })
})
