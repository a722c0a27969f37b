import { describe, expect, it } from 'vitest'
import { eventCatalogue } from '#src/domain/events/catalogue.ts'
import { draftsOfCaseEvent } from '#src/use-cases/events/draft-events.ts'
import { addCaseWatcher } from '#src/use-cases/watchers/add-case-watcher.ts'
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
  sequentialIds,
} from '../fakes/core.ts'
import { InMemoryCaseWatcherStore } from '../fakes/watchers.ts'

const noComments = { cases: { findComment: async () => undefined } }

describe('the events of watchers', () => {
  it('publishes a contact watcher to the account and a staff follower to staff only, by id', async () => {
    // Arrange
    const watchers = new InMemoryCaseWatcherStore()
    const deps = {
      cases: new InMemoryCaseStore({ cases: [aCase({ contactId: 'adam' })] }),
      watchers,
      contacts: new InMemoryContactDirectory([aContact()]),
      staff: new InMemoryStaffDirectory([aStaffRecord({ id: 'erin', email: 'erin@vendor.example' })]),
      clock: fixedClock(),
      ids: sequentialIds(),
    }
    await addCaseWatcher('case-1', {}, aCustomer(), deps)
    await addCaseWatcher('case-1', { userId: 'erin' }, aStaffMember(), deps)
    await removeCaseWatcher('case-1', 'alice', aCustomer(), deps)

    // Act
    const drafts = (
      await Promise.all(watchers.events.map((event) => draftsOfCaseEvent(event, noComments)))
    ).flat()

    // Assert
    expect(drafts.map((d) => [d.type, d.audience, d.data])).toEqual([
      [
        'case.watcher_added',
        'account',
        { actor: { userId: 'alice', role: 'customer' }, watcher: { userId: 'alice', kind: 'contact' } },
      ],
      [
        'case.watcher_added',
        'staff',
        { actor: { userId: 'sam', role: 'agent' }, watcher: { userId: 'erin', kind: 'staff' } },
      ],
      [
        'case.watcher_removed',
        'account',
        { actor: { userId: 'alice', role: 'customer' }, watcher: { userId: 'alice', kind: 'contact' } },
      ],
    ])
    for (const draft of drafts) expect(eventCatalogue[draft.type].data.parse(draft.data)).toEqual(draft.data)
    expect(JSON.stringify(drafts)).not.toContain('@')
  })
})
