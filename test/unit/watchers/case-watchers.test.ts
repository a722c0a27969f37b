import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { maxWatchersPerCase } from '#src/domain/case-watcher.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#src/domain/errors.ts'
import { addCaseWatcher } from '#src/use-cases/watchers/add-case-watcher.ts'
import { listCaseWatchers } from '#src/use-cases/watchers/list-case-watchers.ts'
import { removeCaseWatcher } from '#src/use-cases/watchers/remove-case-watcher.ts'
import {
  aCase,
  aContact,
  aCustomer,
  aStaffMember,
  aStaffRecord,
  fixedClock,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  InMemoryStaffDirectory,
  now,
  rejectionOf,
  sequentialIds,
} from '../fakes/core.ts'
import { aWatcher, InMemoryCaseWatcherStore } from '../fakes/watchers.ts'

// adam (customer admin) files case-1 of acme; alice and bob are his colleagues, gina is of globex.
const adamsCase = aCase({ id: 'case-1', number: 'CS-1001', accountId: 'acme', contactId: 'adam' })
const globexCase = aCase({ id: 'case-9', number: 'CS-1009', accountId: 'globex', contactId: 'gina' })
const contacts = [
  aContact({ id: 'adam', email: 'adam@acme.example', role: 'customer_admin' }),
  aContact({ id: 'alice' }),
  aContact({ id: 'bob', email: 'bob@acme.example' }),
  aContact({ id: 'fred', email: 'fred@acme.example', active: false }),
  aContact({ id: 'gina', accountId: 'globex', email: 'gina@globex.example' }),
]
const staffRecords = [
  aStaffRecord(),
  aStaffRecord({ id: 'erin', email: 'erin@vendor.example', role: 'expert' }),
  aStaffRecord({ id: 'olga', email: 'olga@vendor.example', active: false }),
]

const adam = aCustomer({ userId: 'adam', email: 'adam@acme.example', role: 'customer_admin' })
const alice = aCustomer()
const bob = aCustomer({ userId: 'bob', email: 'bob@acme.example' })
const gina = aCustomer({ userId: 'gina', email: 'gina@globex.example', accountId: 'globex' })
const sam = aStaffMember()

function setUp(cases: Case[] = [adamsCase, globexCase]) {
  const watchers = new InMemoryCaseWatcherStore()
  const deps = {
    cases: new InMemoryCaseStore({ cases }),
    watchers,
    contacts: new InMemoryContactDirectory(contacts),
    staff: new InMemoryStaffDirectory(staffRecords),
    clock: fixedClock(),
    ids: sequentialIds(),
  }
  return { watchers, deps }
}

describe('addCaseWatcher', () => {
  it('lets a customer admin add a colleague, with a public event naming the watcher by id', async () => {
    // Arrange
    const { watchers, deps } = setUp()

    // Act
    const watcher = await addCaseWatcher('case-1', { userId: 'alice' }, adam, deps)

    // Assert
    expect(watcher).toEqual({
      caseId: 'case-1',
      accountId: 'acme',
      userId: 'alice',
      kind: 'contact',
      addedBy: 'adam',
      addedAt: now.toISOString(),
    })
    expect(watchers.events).toEqual([
      expect.objectContaining({
        caseId: 'case-1',
        type: 'case.watcher_added',
        action: 'watch',
        visibility: 'public',
        actor: { userId: 'adam', role: 'customer_admin' },
        details: { userId: 'alice', kind: 'contact' },
      }),
    ])
    expect(JSON.stringify(watchers.events)).not.toContain('@')
  })

  it('lets a plain customer watch a case of its account itself ({}), or add a colleague', async () => {
    const { watchers, deps } = setUp()

    await addCaseWatcher('case-1', {}, alice, deps)
    await addCaseWatcher('case-1', { userId: 'bob' }, alice, deps)

    expect((await watchers.listWatchers('case-1')).map((w) => [w.userId, w.addedBy])).toEqual([
      ['alice', 'alice'],
      ['bob', 'alice'],
    ])
  })

  it('answers the existing watcher and writes nothing when the person watches already', async () => {
    const { watchers, deps } = setUp()
    const first = await addCaseWatcher('case-1', { userId: 'alice' }, adam, deps)

    const again = await addCaseWatcher('case-1', {}, alice, deps)

    expect(again).toEqual(first)
    expect(watchers.events).toHaveLength(1)
  })

  it.each([
    ['another account’s contact', 'gina'],
    ['a staff member (customers add contacts only)', 'sam'],
    ['an unknown id', 'nobody'],
  ])('answers 404 to a customer naming %s', async (_what, userId) => {
    const { watchers, deps } = setUp()

    const error = await rejectionOf(addCaseWatcher('case-1', { userId }, adam, deps))

    expect(error).toBeInstanceOf(NotFoundError)
    expect(watchers.events).toEqual([])
  })

  it('answers 404 for another account’s case, whoever is named', async () => {
    const { deps } = setUp()

    expect(await rejectionOf(addCaseWatcher('case-9', {}, alice, deps))).toBeInstanceOf(NotFoundError)
    expect(await rejectionOf(addCaseWatcher('case-1', {}, gina, deps))).toBeInstanceOf(NotFoundError)
  })

  it('refuses the case’s own contact (409), a deactivated contact (400) and a closed case (409)', async () => {
    const { deps } = setUp([adamsCase, aCase({ id: 'case-2', contactId: 'adam', status: 'closed' })])

    expect(await rejectionOf(addCaseWatcher('case-1', {}, adam, deps))).toBeInstanceOf(ConflictError)
    expect(await rejectionOf(addCaseWatcher('case-1', { userId: 'fred' }, adam, deps))).toBeInstanceOf(
      ValidationError,
    )
    expect(await rejectionOf(addCaseWatcher('case-2', {}, alice, deps))).toBeInstanceOf(ConflictError)
  })

  it(`refuses a watcher past ${maxWatchersPerCase} (400)`, async () => {
    const { watchers, deps } = setUp()
    for (let i = 0; i < maxWatchersPerCase; i++)
      watchers.watchers.set(`case-1|w${i}`, aWatcher({ userId: `w${i}` }))

    const error = await rejectionOf(addCaseWatcher('case-1', {}, alice, deps))

    expect(error).toBeInstanceOf(ValidationError)
  })

  it('lets staff add a staff follower (internal event) and a contact of the case’s account', async () => {
    const { watchers, deps } = setUp()

    const erin = await addCaseWatcher('case-1', { userId: 'erin' }, sam, deps)
    const bobWatcher = await addCaseWatcher('case-1', { userId: 'bob' }, sam, deps)

    expect([erin.kind, bobWatcher.kind]).toEqual(['staff', 'contact'])
    expect(watchers.events.map((e) => [e.details?.userId, e.visibility])).toEqual([
      ['erin', 'internal'],
      ['bob', 'public'],
    ])
  })

  it('refuses staff a contact of another account (404) and a deactivated staff member (400)', async () => {
    const { deps } = setUp()

    expect(await rejectionOf(addCaseWatcher('case-1', { userId: 'gina' }, sam, deps))).toBeInstanceOf(
      NotFoundError,
    )
    expect(await rejectionOf(addCaseWatcher('case-1', { userId: 'olga' }, sam, deps))).toBeInstanceOf(
      ValidationError,
    )
  })
})

describe('listCaseWatchers', () => {
  it('shows customers the contact watchers only, staff everyone', async () => {
    const { deps } = setUp()
    await addCaseWatcher('case-1', { userId: 'alice' }, adam, deps)
    await addCaseWatcher('case-1', {}, sam, deps)

    const forAlice = await listCaseWatchers('case-1', alice, deps)
    const forSam = await listCaseWatchers('case-1', sam, deps)

    expect(forAlice.items.map((w) => w.userId)).toEqual(['alice'])
    expect(forSam.items.map((w) => w.userId)).toEqual(['alice', 'sam'])
  })

  it('answers 404 for another account’s case', async () => {
    const { deps } = setUp()

    expect(await rejectionOf(listCaseWatchers('case-1', gina, deps))).toBeInstanceOf(NotFoundError)
  })
})

describe('removeCaseWatcher', () => {
  it('always lets someone remove themselves, even from a closed case', async () => {
    const { watchers, deps } = setUp([aCase({ id: 'case-1', contactId: 'adam', status: 'closed' })])
    watchers.watchers.set('case-1|alice', aWatcher({ userId: 'alice', addedBy: 'adam' }))

    const removed = await removeCaseWatcher('case-1', 'alice', alice, deps)

    expect(removed.userId).toBe('alice')
    expect(await watchers.listWatchers('case-1')).toEqual([])
    expect(watchers.events.map((e) => [e.type, e.action, e.visibility])).toEqual([
      ['case.watcher_removed', 'unwatch', 'public'],
    ])
  })

  it('lets a customer remove the colleagues it added, but not others’ (403); a customer admin removes any', async () => {
    const { watchers, deps } = setUp()
    watchers.watchers.set('case-1|bob', aWatcher({ userId: 'bob', addedBy: 'alice' }))
    watchers.watchers.set('case-1|alice', aWatcher({ userId: 'alice', addedBy: 'adam' }))

    expect(await rejectionOf(removeCaseWatcher('case-1', 'alice', bob, deps))).toBeInstanceOf(ForbiddenError)
    await removeCaseWatcher('case-1', 'bob', alice, deps)
    await removeCaseWatcher('case-1', 'alice', adam, deps)

    expect(await watchers.listWatchers('case-1')).toEqual([])
  })

  it('hides staff followers from customers (404) and lets staff remove anyone', async () => {
    const { watchers, deps } = setUp()
    watchers.watchers.set('case-1|erin', aWatcher({ userId: 'erin', kind: 'staff', addedBy: 'sam' }))
    watchers.watchers.set('case-1|bob', aWatcher({ userId: 'bob' }))

    expect(await rejectionOf(removeCaseWatcher('case-1', 'erin', adam, deps))).toBeInstanceOf(NotFoundError)
    await removeCaseWatcher('case-1', 'erin', sam, deps)
    await removeCaseWatcher('case-1', 'bob', sam, deps)

    expect(watchers.events.map((e) => e.visibility)).toEqual(['internal', 'public'])
  })

  it('answers 404 for someone who does not watch, and for another account’s case', async () => {
    const { deps } = setUp()

    expect(await rejectionOf(removeCaseWatcher('case-1', 'bob', adam, deps))).toBeInstanceOf(NotFoundError)
    expect(await rejectionOf(removeCaseWatcher('case-1', 'gina', gina, deps))).toBeInstanceOf(NotFoundError)
  })
})
