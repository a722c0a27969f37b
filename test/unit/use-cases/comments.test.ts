import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import { addComment, listComments } from '#src/use-cases/comments.ts'
import { listHistory } from '#src/use-cases/list-history.ts'
import type { CaseChange } from '#src/use-cases/ports/cases.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseFields,
  InMemoryCaseStore,
  now,
  sequentialIds,
  slaFakes,
  steppingClock,
} from '../fakes/core.ts'

const answered = '2026-11-21T08:00:00.000Z'

function setUp(c: Case = aCase({ status: 'in_progress', firstResponseAt: answered })) {
  const cases = new InMemoryCaseStore({ cases: [c] })
  return { cases, deps: { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() } }
}

/**
 * A store where another writer changes the case (`meanwhile`) just before the first save, which
 * then fails as stale. It records every case write, so tests can check what was written.
 */
class RacedCaseStore extends InMemoryCaseStore {
  readonly saves: CaseChange[] = []
  private raced = false

  constructor(
    c: Case,
    private readonly meanwhile: Partial<Case>,
  ) {
    super({ cases: [c] })
  }

  override async saveCaseChange(change: CaseChange): Promise<void> {
    this.saves.push(change)
    if (!this.raced) {
      this.raced = true
      const current = this.cases.get(change.next.id) as Case
      this.cases.set(current.id, { ...current, ...this.meanwhile, version: current.version + 1 })
    }
    return super.saveCaseChange(change)
  }
}

const publicComment = { body: 'Any news?', visibility: 'public' } as const
const internalNote = { body: 'Customer runs an unsupported driver.', visibility: 'internal' } as const

describe('addComment: a plain comment', () => {
  it('stores the comment and one comment.added event, without touching the case', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const before = cases.cases.get('case-1')

    // Act
    const comment = await addComment('case-1', publicComment, aCustomer(), deps)

    // Assert
    expect(comment).toEqual({
      id: 'id-1',
      caseId: 'case-1',
      accountId: 'acme',
      authorId: 'alice',
      authorRole: 'customer',
      visibility: 'public',
      body: 'Any news?',
      createdAt: now.toISOString(),
    })
    expect(cases.comments).toEqual([comment])
    expect(cases.events).toEqual([
      {
        id: 'id-2',
        caseId: 'case-1',
        accountId: 'acme',
        type: 'comment.added',
        action: 'comment',
        actor: { userId: 'alice', role: 'customer' },
        at: now.toISOString(),
        visibility: 'public',
        changes: [],
        details: { commentId: 'id-1', visibility: 'public' },
      },
    ])
    expect(cases.cases.get('case-1')).toBe(before)
  })

  it('never conflicts with a concurrent case edit', async () => {
    const { cases, deps } = setUp()
    cases.failNextSaveAsStale = true

    await addComment('case-1', publicComment, aCustomer(), deps)

    expect(cases.comments).toHaveLength(1)
    expect(cases.cases.get('case-1')?.version).toBe(1)
  })

  it('makes the event of an internal note internal', async () => {
    const { cases, deps } = setUp()

    await addComment('case-1', internalNote, aStaffMember(), deps)

    expect(cases.comments[0]?.visibility).toBe('internal')
    expect(cases.events[0]).toMatchObject({ visibility: 'internal', details: { visibility: 'internal' } })
  })

  it('refuses an internal note by a customer with 403', async () => {
    const { cases, deps } = setUp()

    await expect(addComment('case-1', internalNote, aCustomer(), deps)).rejects.toThrow(ForbiddenError)
    await expect(
      addComment('case-1', internalNote, aCustomer({ userId: 'adam', role: 'customer_admin' }), deps),
    ).rejects.toThrow(ForbiddenError)
    expect(cases.comments).toEqual([])
    expect(cases.events).toEqual([])
  })

  it.each(['closed', 'cancelled'] as const)(
    'refuses a customer comment on a %s case with 409',
    async (status) => {
      const { cases, deps } = setUp(aCase({ status }))

      const attempt = addComment('case-1', publicComment, aCustomer(), deps)

      await expect(attempt).rejects.toThrow(ConflictError)
      await expect(attempt).rejects.toThrow('open a new case')
      expect(cases.comments).toEqual([])
    },
  )

  it('lets staff note something on a closed case', async () => {
    const { cases, deps } = setUp(aCase({ status: 'closed', firstResponseAt: answered }))

    await addComment('case-1', internalNote, aStaffMember(), deps)

    expect(cases.comments).toHaveLength(1)
  })

  it('answers 404 for a case of another account', async () => {
    const { cases, deps } = setUp(aCase({ accountId: 'globex' }))

    await expect(addComment('case-1', publicComment, aCustomer(), deps)).rejects.toThrow(NotFoundError)
    expect(cases.comments).toEqual([])
  })
})

describe('addComment: a customer reply resumes work', () => {
  it.each(['waiting_on_customer', 'solution_proposed', 'pending_closure'] as const)(
    'moves a %s case back to in_progress in one change with two events',
    async (status) => {
      // Arrange
      const { cases, deps } = setUp(
        aCase({
          status,
          version: 4,
          firstResponseAt: answered,
          ...(status === 'waiting_on_customer' ? {} : { solutionProposedAt: answered }),
          ...(status === 'pending_closure' ? { pendingClosureAt: answered } : {}),
        }),
      )

      // Act
      const comment = await addComment('case-1', publicComment, aCustomer(), deps)

      // Assert
      const resumed = cases.cases.get('case-1')
      expect(resumed).toMatchObject({ status: 'in_progress', version: 5 })
      expect(resumed).not.toHaveProperty('solutionProposedAt')
      expect(resumed).not.toHaveProperty('pendingClosureAt')
      expect(cases.comments).toEqual([comment])
      expect(cases.events.map((e) => [e.type, e.action])).toEqual([
        ['comment.added', 'comment'],
        ['case.transitioned', 'customer_reply'],
      ])
      expect(cases.events[1]?.changes).toContainEqual({
        field: 'status',
        before: status,
        after: 'in_progress',
      })
      expect(cases.events[1]?.details).toEqual({ commentId: comment.id })
    },
  )

  it.each(['new', 'open', 'in_progress'] as const)('leaves a %s case as it is', async (status) => {
    const { cases, deps } = setUp(aCase({ status }))

    await addComment('case-1', publicComment, aCustomer(), deps)

    expect(cases.cases.get('case-1')).toMatchObject({ status, version: 1 })
    expect(cases.events.map((e) => e.type)).toEqual(['comment.added'])
  })

  it('does not resume work when staff comment on a case waiting on the customer', async () => {
    const { cases, deps } = setUp(aCase({ status: 'waiting_on_customer', firstResponseAt: answered }))

    await addComment('case-1', publicComment, aStaffMember(), deps)

    expect(cases.cases.get('case-1')).toMatchObject({ status: 'waiting_on_customer', version: 1 })
  })

  it('retries on a concurrent edit and keeps the comment once', async () => {
    // Arrange
    const { cases, deps } = setUp(aCase({ status: 'waiting_on_customer', firstResponseAt: answered }))
    cases.failNextSaveAsStale = true

    // Act
    await addComment('case-1', publicComment, aCustomer(), deps)

    // Assert
    expect(cases.cases.get('case-1')).toMatchObject({ status: 'in_progress', version: 2 })
    expect(cases.comments).toHaveLength(1)
    expect(cases.events).toHaveLength(2)
  })
})

describe('addComment: when the case changed meanwhile', () => {
  it('keeps the reply but does not resume a case support already resumed', async () => {
    // Arrange: support starts work while the customer's reply is on its way.
    const cases = new RacedCaseStore(aCase({ status: 'waiting_on_customer', firstResponseAt: answered }), {
      status: 'in_progress',
    })
    const deps = { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() }

    // Act
    await addComment('case-1', publicComment, aCustomer(), deps)

    // Assert
    expect(cases.cases.get('case-1')).toMatchObject({ status: 'in_progress', version: 2 })
    expect(cases.comments).toHaveLength(1)
    expect(cases.events.map((e) => e.type)).toEqual(['comment.added'])
  })

  it('does not rewrite the case item when, on the fresh case, there is nothing left to change', async () => {
    // Arrange: another agent answers first while this agent's first public comment is on its way.
    const cases = new RacedCaseStore(aCase({ status: 'open' }), { firstResponseAt: answered })
    const deps = { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() }

    // Act
    await addComment('case-1', publicComment, aStaffMember(), deps)

    // Assert: every case write is a new version; a comment alone never writes the case (it would
    // contend with concurrent case edits for nothing, and rewrite the case without a new version).
    expect(cases.cases.get('case-1')).toMatchObject({ firstResponseAt: answered, version: 2 })
    expect(cases.comments).toHaveLength(1)
    expect(cases.saves.map((save) => save.next.version - save.expectedVersion)).toEqual([1])
  })
})

describe('addComment: the first response', () => {
  it('records the first public staff comment as the first response, in the same change', async () => {
    // Arrange
    const { cases, deps } = setUp(aCase({ status: 'new' }))

    // Act
    const comment = await addComment('case-1', publicComment, aStaffMember(), deps)

    // Assert
    expect(cases.cases.get('case-1')).toMatchObject({
      status: 'new',
      version: 2,
      firstResponseAt: now.toISOString(),
    })
    expect(cases.events.map((e) => [e.type, e.action])).toEqual([
      ['comment.added', 'comment'],
      ['case.updated', 'first_response'],
    ])
    expect(cases.events[1]?.changes).toEqual([
      { field: 'firstResponseAt', before: undefined, after: now.toISOString() },
    ])
    expect(cases.events[1]?.details).toEqual({ commentId: comment.id })
  })

  it('records it once: a later staff comment leaves the first response as it was', async () => {
    // Arrange
    const cases = new InMemoryCaseStore({ cases: [aCase({ status: 'new' })] })
    const deps = { cases, clock: steppingClock(now, 60_000), ids: sequentialIds(), ...slaFakes() }
    await addComment('case-1', publicComment, aStaffMember(), deps)

    // Act
    await addComment('case-1', { body: 'Found it.', visibility: 'public' }, aStaffMember(), deps)

    // Assert
    expect(cases.cases.get('case-1')).toMatchObject({ version: 2, firstResponseAt: now.toISOString() })
    expect(cases.events.map((e) => e.type)).toEqual(['comment.added', 'case.updated', 'comment.added'])
  })

  it('does not count an internal staff note as a response', async () => {
    const { cases, deps } = setUp(aCase({ status: 'new' }))

    await addComment('case-1', internalNote, aStaffMember(), deps)

    expect(cases.cases.get('case-1')).not.toHaveProperty('firstResponseAt')
    expect(cases.cases.get('case-1')?.version).toBe(1)
  })

  it('does not count a customer comment as a response', async () => {
    const { cases, deps } = setUp(aCase({ status: 'new' }))

    await addComment('case-1', publicComment, aCustomer(), deps)

    expect(cases.cases.get('case-1')).not.toHaveProperty('firstResponseAt')
  })
})

describe('listComments and listHistory', () => {
  async function withNoteAndComment() {
    const { cases, deps } = setUp()
    await addComment('case-1', publicComment, aStaffMember(), deps)
    await addComment('case-1', internalNote, aStaffMember(), deps)
    return { cases, deps }
  }

  it('shows customers the public comments and the public history only', async () => {
    // Arrange
    const { cases, deps } = await withNoteAndComment()

    // Act
    const comments = await listComments('case-1', { limit: 25 }, aCustomer(), deps)
    const history = await listHistory('case-1', { limit: 25 }, aCustomer(), {
      ...deps,
      caseFields: new InMemoryCaseFields(),
    })

    // Assert
    expect(comments.items.map((c) => c.body)).toEqual(['Any news?'])
    expect(history.items.map((e) => e.visibility)).toEqual(['public'])
    expect(cases.events).toHaveLength(2)
  })

  it('shows staff internal notes and their events too', async () => {
    const { deps } = await withNoteAndComment()

    const comments = await listComments('case-1', { limit: 25 }, aStaffMember(), deps)
    const history = await listHistory('case-1', { limit: 25 }, aStaffMember(), {
      ...deps,
      caseFields: new InMemoryCaseFields(),
    })

    expect(comments.items.map((c) => c.visibility)).toEqual(['public', 'internal'])
    expect(history.items.map((e) => e.visibility)).toEqual(['public', 'internal'])
  })

  it('answers 404 for the comments and history of another account’s case', async () => {
    const { deps } = setUp(aCase({ accountId: 'globex' }))

    await expect(listComments('case-1', { limit: 25 }, aCustomer(), deps)).rejects.toThrow(NotFoundError)
    await expect(
      listHistory('case-1', { limit: 25 }, aCustomer(), { ...deps, caseFields: new InMemoryCaseFields() }),
    ).rejects.toThrow(NotFoundError)
  })

  it('answers 404 for the comments and history of a missing case, for staff too', async () => {
    const { deps } = setUp()

    await expect(listComments('case-2', { limit: 25 }, aStaffMember(), deps)).rejects.toThrow(
      'There is no case case-2.',
    )
    await expect(
      listHistory('case-2', { limit: 25 }, aStaffMember(), { ...deps, caseFields: new InMemoryCaseFields() }),
    ).rejects.toThrow(NotFoundError)
  })

  it('reads a page with one call of the store, in the caller’s scope, and never reads the case first', async () => {
    // Arrange
    const { cases, deps } = await withNoteAndComment()
    cases.findCalls.length = 0

    // Act
    await listComments('case-1', { limit: 25 }, aCustomer(), deps)
    await listHistory('case-1', { limit: 25 }, aStaffMember(), {
      ...deps,
      caseFields: new InMemoryCaseFields(),
    })

    // Assert
    expect(cases.findCalls).toEqual([])
    expect(cases.listCalls).toEqual([
      { list: 'comments', scope: { kind: 'account', accountId: 'acme' }, caseId: 'case-1' },
      { list: 'events', scope: { kind: 'all' }, caseId: 'case-1' },
    ])
  })
})
