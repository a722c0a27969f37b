import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import type { CaseFile } from '#src/domain/case-file.ts'
import { linkIdOf } from '#src/domain/case-link.ts'
import type { Comment } from '#src/domain/comment.ts'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  StaleCaseError,
  ValidationError,
} from '#src/domain/errors.ts'
import { mergeCase } from '#src/use-cases/merges/merge-case.ts'
import type { FileTreeEntry } from '#src/use-cases/ports/files.ts'
import type { CaseMerge, CaseMergeStore } from '#src/use-cases/ports/merges.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseStore,
  now,
  sequentialIds,
  slaFakes,
} from '../fakes/core.ts'
import { InMemoryCaseLinkStore } from '../fakes/links.ts'
import { aCaseEvent } from '../fakes/mail.ts'
import { aWatcher, InMemoryCaseWatcherStore } from '../fakes/watchers.ts'

/** Merges in memory, with the repository's conditions: the source's version and the target still active. */
class InMemoryMergeStore implements CaseMergeStore {
  readonly merges: CaseMerge[] = []
  constructor(
    private readonly cases: InMemoryCaseStore,
    private readonly links: InMemoryCaseLinkStore,
    private readonly watchers: InMemoryCaseWatcherStore,
  ) {}

  async saveMerge(merge: CaseMerge): Promise<void> {
    const stored = this.cases.cases.get(merge.source.next.id)
    if (stored?.version !== merge.source.expectedVersion) throw new StaleCaseError(merge.source.next.id)
    const target = this.cases.cases.get(merge.targetCaseId)
    if (!target || target.status === 'closed' || target.status === 'cancelled')
      throw new ConflictError('target ended')
    this.merges.push(merge)
    this.cases.cases.set(merge.source.next.id, merge.source.next)
    this.cases.events.push(...merge.source.events)
    if (merge.source.comment) this.cases.comments.push(merge.source.comment)
    const [closed, mergedIn, watched] = merge.source.events
    if (merge.link && closed && mergedIn)
      await this.links.insertLink({ sides: merge.link, events: [closed, mergedIn] })
    if (merge.watcher)
      await this.watchers.insertWatcher({ watcher: merge.watcher, event: watched ?? aCaseEvent() })
  }
}

const original = aCase({
  id: 'case-1',
  number: 'CS-1001',
  accountId: 'acme',
  contactId: 'adam',
  status: 'in_progress',
})
const duplicate = aCase({ id: 'case-2', number: 'CS-1002', accountId: 'acme', contactId: 'alice' })
const foreign = aCase({ id: 'case-9', number: 'CS-1009', accountId: 'globex', contactId: 'gina' })

function comment(id: string, visibility: Comment['visibility']): Comment {
  return {
    id,
    caseId: 'case-2',
    accountId: 'acme',
    authorId: 'alice',
    authorRole: 'customer',
    visibility,
    body: `comment ${id}`,
    createdAt: now.toISOString(),
  }
}

function file(id: string, status: CaseFile['status']): FileTreeEntry {
  return {
    kind: 'file',
    id,
    caseId: 'case-2',
    accountId: 'acme',
    folderId: null,
    name: `${id}.log`,
    contentType: 'text/plain',
    declaredSize: 10,
    size: 10,
    status,
    uploadedBy: 'alice',
    uploaderRole: 'customer',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  }
}

function setUp(
  cases: Case[] = [original, duplicate, foreign],
  tree: FileTreeEntry[] = [],
  watching = new InMemoryCaseWatcherStore(),
) {
  const store = new InMemoryCaseStore({ cases })
  const links = new InMemoryCaseLinkStore()
  const watchers = watching
  const merges = new InMemoryMergeStore(store, links, watchers)
  const files = { listTree: async () => ({ items: tree, nextCursor: null }) }
  const deps = {
    cases: store,
    links,
    merges,
    files,
    watchers,
    clock: fixedClock(),
    ids: sequentialIds(),
    ...slaFakes(),
  }
  return { store, links, merges, watchers, deps }
}

const sam = aStaffMember()

describe('mergeCase', () => {
  it('closes the duplicate with resolution merged and a pointer, links the two, and records it on both', async () => {
    // Arrange
    const { store, links, deps } = setUp()

    // Act
    const merged = await mergeCase(
      'case-2',
      { targetCaseId: 'case-1', message: 'Same issue as CS-1001.' },
      sam,
      deps,
    )

    // Assert
    expect(merged).toMatchObject({
      status: 'closed',
      closedAt: now.toISOString(),
      resolution: { kind: 'merged', summary: 'Merged into CS-1001.' },
      mergedInto: { caseId: 'case-1', number: 'CS-1001' },
      version: duplicate.version + 1,
    })
    expect(store.cases.get('case-2')).toEqual(merged)
    const [own, onTarget] = store.events
    expect(own).toMatchObject({
      caseId: 'case-2',
      type: 'case.transitioned',
      action: 'merge',
      visibility: 'public',
    })
    expect(own?.details).toMatchObject({ mergedInto: { caseId: 'case-1', number: 'CS-1001' } })
    expect(onTarget).toMatchObject({
      caseId: 'case-1',
      type: 'case.merged',
      action: 'merge',
      visibility: 'public',
    })
    expect(onTarget?.details).toMatchObject({ mergedCase: { caseId: 'case-2', number: 'CS-1002' } })
    expect(store.comments).toEqual([
      expect.objectContaining({ caseId: 'case-2', visibility: 'public', body: 'Same issue as CS-1001.' }),
    ])
    const id = linkIdOf('case-1', 'case-2')
    expect(await links.findLink('case-2', id)).toMatchObject({ kind: 'duplicate_of', linkedCaseId: 'case-1' })
    expect(await links.findLink('case-1', id)).toMatchObject({
      kind: 'has_duplicate',
      linkedCaseId: 'case-2',
    })
  })

  it("makes the duplicate's contact a watcher of the target, with its history event, so its mail goes on there", async () => {
    const { store, watchers, deps } = setUp()

    await mergeCase('case-2', { targetCaseId: 'case-1' }, sam, deps)

    expect(await watchers.findWatcher('case-1', 'alice')).toMatchObject({
      kind: 'contact',
      accountId: 'acme',
      addedBy: 'sam',
    })
    expect(store.events.map((e) => [e.caseId, e.type])).toEqual([
      ['case-2', 'case.transitioned'],
      ['case-1', 'case.merged'],
      ['case-1', 'case.watcher_added'],
    ])
  })

  it('adds no watcher for the target’s own contact, one who watches already, or a target with all its watchers', async () => {
    const sameContact = aCase({ ...duplicate, contactId: 'adam' })
    const full = new InMemoryCaseWatcherStore(
      Array.from({ length: 20 }, (_, i) => aWatcher({ caseId: 'case-1', userId: `w${i}` })),
    )
    const already = new InMemoryCaseWatcherStore([aWatcher({ caseId: 'case-1', userId: 'alice' })])

    for (const [cases, watching] of [
      [[original, sameContact], new InMemoryCaseWatcherStore()],
      [[original, duplicate], full],
      [[original, duplicate], already],
    ] as const) {
      const { merges, store, deps } = setUp([...cases], [], watching)
      await mergeCase('case-2', { targetCaseId: 'case-1' }, sam, deps)
      expect(merges.merges[0]?.watcher).toBeUndefined()
      expect(store.events.map((e) => e.type)).not.toContain('case.watcher_added')
    }
  })

  it("lists the duplicate's public comments and available files on the target, never internal notes or rejected files", async () => {
    // Arrange
    const { store, deps } = setUp(undefined, [
      file('f1', 'available'),
      file('f2', 'rejected'),
      file('f3', 'pending'),
    ])
    store.comments.push(comment('c1', 'public'), comment('c2', 'internal'), comment('c3', 'public'))

    // Act
    await mergeCase('case-2', { targetCaseId: 'case-1' }, sam, deps)

    // Assert
    const onTarget = store.events.find((e) => e.type === 'case.merged')
    expect(onTarget?.details).toMatchObject({
      comments: [
        { id: 'c1', createdAt: now.toISOString(), authorRole: 'customer' },
        { id: 'c3', createdAt: now.toISOString(), authorRole: 'customer' },
      ],
      commentCount: 2,
      files: [{ id: 'f1', name: 'f1.log', size: 10 }],
      fileCount: 1,
    })
  })

  it('keeps a link the two cases already have instead of writing a second one', async () => {
    // Arrange
    const { links, merges, deps } = setUp()
    const id = linkIdOf('case-1', 'case-2')
    const related = { id, createdBy: 'erin', createdAt: now.toISOString(), linkedAccountId: 'acme' }
    await links.insertLink({
      sides: [
        {
          ...related,
          caseId: 'case-2',
          accountId: 'acme',
          kind: 'relates_to',
          linkedCaseId: 'case-1',
          linkedCaseNumber: 'CS-1001',
        },
        {
          ...related,
          caseId: 'case-1',
          accountId: 'acme',
          kind: 'relates_to',
          linkedCaseId: 'case-2',
          linkedCaseNumber: 'CS-1002',
        },
      ],
      events: [
        aCaseEvent({ caseId: 'case-2', type: 'case.linked' }),
        aCaseEvent({ caseId: 'case-1', type: 'case.linked' }),
      ],
    })

    // Act
    await mergeCase('case-2', { targetCaseId: 'case-1' }, sam, deps)

    // Assert
    expect(merges.merges[0]?.link).toBeUndefined()
    expect((await links.findLink('case-2', id))?.kind).toBe('relates_to')
  })

  it('decides again on the fresh case when another change landed first', async () => {
    // Arrange
    const { store, deps } = setUp()
    let raced = false
    const merges = deps.merges
    deps.merges = {
      saveMerge: async (merge) => {
        if (!raced) {
          raced = true
          const fresh = { ...duplicate, priority: 'high' as const, version: duplicate.version + 1 }
          store.cases.set('case-2', fresh)
        }
        return merges.saveMerge(merge)
      },
    } as InMemoryMergeStore

    // Act
    const merged = await mergeCase('case-2', { targetCaseId: 'case-1' }, sam, deps)

    // Assert: the other change is kept, and the merge is the version after it
    expect(merged).toMatchObject({ priority: 'high', status: 'closed', version: duplicate.version + 2 })
  })

  it.each([
    ['the case itself', 'case-2', ValidationError, /into itself/],
    ['a missing case', 'case-404', ValidationError, /no case case-404/],
    ["another account's case", 'case-9', ValidationError, /another account/],
  ] as const)('refuses %s as the target, naming /targetCaseId', async (_, targetCaseId, type, message) => {
    const { store, deps } = setUp()

    const attempt = mergeCase('case-2', { targetCaseId }, sam, deps)

    await expect(attempt).rejects.toThrow(type)
    await expect(attempt).rejects.toThrow(message)
    await attempt.catch((error: ValidationError) =>
      expect(error.errors?.map((e) => ('pointer' in e ? e.pointer : undefined))).toEqual(['/targetCaseId']),
    )
    expect(store.cases.get('case-2')).toEqual(duplicate)
  })

  it('refuses a target that has ended and a case that has ended (409), changing nothing', async () => {
    const closedTarget = { ...original, status: 'closed' as const }
    const closedSource = { ...duplicate, status: 'cancelled' as const }

    await expect(
      mergeCase('case-2', { targetCaseId: 'case-1' }, sam, setUp([closedTarget, duplicate]).deps),
    ).rejects.toThrow(ConflictError)
    const { store, deps } = setUp([original, closedSource])
    await expect(mergeCase('case-2', { targetCaseId: 'case-1' }, sam, deps)).rejects.toThrow(ConflictError)
    expect(store.events).toEqual([])
  })

  it('is support’s: customers get 403, and a case of no one 404', async () => {
    const { deps } = setUp()

    await expect(mergeCase('case-2', { targetCaseId: 'case-1' }, aCustomer(), deps)).rejects.toThrow(
      ForbiddenError,
    )
    await expect(mergeCase('case-404', { targetCaseId: 'case-1' }, sam, deps)).rejects.toThrow(NotFoundError)
  })
})
