import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import type { Account } from '#src/domain/directory.ts'
import { addComment } from '#src/use-cases/comments.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'
import { transitionCase } from '#src/use-cases/transition-case.ts'
import { updateCase } from '#src/use-cases/update-case.ts'
import {
  aCase,
  aContact,
  aCreateCaseInput,
  aCustomer,
  anAccount,
  aStaffMember,
  aStaffRecord,
  InMemoryAccounts,
  InMemoryCaseFields,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  InMemoryStaffDirectory,
  ManualClock,
  sequentialIds,
  slaFakes,
} from '../fakes/core.ts'

// A case keeps the SLA terms of its account from its filing (docs/sla.md), so a change of the case
// computes its clock without reading the account (docs/performance.md); a case stored before cases
// kept their terms reads its account, as it always did.

// Friday 18 December 2026, 13:00 in Vienna: an hour before the desk closes for the weekend.
const fridayAfternoon = '2026-12-18T12:00:00.000Z'

const alice = aCustomer({ userId: 'alice', accountId: 'acme' })
const sam = aStaffMember()

function setUp(accounts: Account[] = [anAccount(), anAccount({ id: 'globex', serviceLevel: 'standard' })]) {
  const directoryAccounts = new InMemoryAccounts(accounts)
  const cases = new InMemoryCaseStore()
  const contacts = new InMemoryContactDirectory(
    [
      aContact({ id: 'alice', accountId: 'acme' }),
      aContact({ id: 'adam', accountId: 'acme', email: 'adam@acme.example' }),
      aContact({ id: 'gina', accountId: 'globex', email: 'gina@globex.example' }),
    ],
    directoryAccounts,
  )
  const deps = {
    ...slaFakes(),
    accounts: directoryAccounts,
    cases,
    contacts,
    clock: new ManualClock(fridayAfternoon),
    ids: sequentialIds(),
    staff: new InMemoryStaffDirectory([aStaffRecord()]),
  }
  return { deps, cases, contacts, accounts: directoryAccounts }
}

/**
 * A case as stored before cases kept their terms: no `slaTerms`, and the single first-response
 * clock cases had then (`slaClock`, running: 480 minutes from Friday 13:00 Vienna).
 */
function aCaseFiledBeforeTerms(): Case {
  const slaClock = {
    calendarId: 'vienna',
    targetMinutes: 480,
    startedAt: fridayAfternoon,
    pauses: [],
    dueAt: '2026-12-21T14:00:00.000Z',
    state: 'running' as const,
  }
  return aCase({ id: 'old-case', createdAt: fridayAfternoon, updatedAt: fridayAfternoon, slaClock })
}

describe('createCase keeps the SLA terms of the account', () => {
  it('reads the caller, the colleague the case is for and their account in one read', async () => {
    // Arrange
    const { deps, contacts, accounts } = setUp()

    // Act
    const created = await createCase(aCreateCaseInput({ contactId: 'adam' }), alice, deps)

    // Assert
    expect(contacts.batchReads).toEqual([{ contactIds: ['alice', 'adam'], accountId: 'acme' }])
    expect(accounts.reads).toEqual(['acme'])
    expect(created.contactId).toBe('adam')
  })

  it("stores the account's service level, policy, calendar and contract overrides on the case", async () => {
    // Arrange
    const { deps } = setUp([anAccount({ slaOverride: { critical: 60 } })])

    // Act
    const created = await createCase(aCreateCaseInput(), alice, deps)

    // Assert
    expect(created.slaTerms).toEqual({
      serviceLevel: 'premium',
      slaPolicyId: 'default',
      calendarId: 'vienna',
      slaOverride: { critical: 60 },
    })
    expect(deps.cases.inserted[0]?.case.slaTerms).toEqual(created.slaTerms)
  })

  it('keeps the terms out of the history and out of the API', async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const created = await createCase(aCreateCaseInput(), alice, deps)
    const view = await presentCase(
      created,
      { ...deps, caseFields: new InMemoryCaseFields() },
      new Date(fridayAfternoon),
      'staff',
    )

    // Assert
    expect(deps.cases.inserted[0]?.event.changes.map((change) => change.field)).not.toContain('slaTerms')
    expect(view).not.toHaveProperty('slaTerms')
    expect(view.sla).toMatchObject({ calendarId: 'vienna', targetMinutes: 480 })
  })

  it('reads the contact first and then its account when staff file for a contact', async () => {
    // Arrange: staff may name a contact of any account, known only once the contact is read
    const { deps, contacts, accounts } = setUp()

    // Act
    const created = await createCase(aCreateCaseInput({ contactId: 'gina' }), sam, deps)

    // Assert
    expect(contacts.batchReads).toEqual([])
    expect(accounts.reads).toEqual(['globex'])
    expect(created.slaTerms).toMatchObject({ serviceLevel: 'standard' })
  })
})

describe('a case that keeps its terms does not read its account', () => {
  it('on a transition', async () => {
    // Arrange
    const { deps, accounts } = setUp()
    const created = await createCase(aCreateCaseInput(), alice, deps)
    const readsBefore = accounts.reads.length

    // Act
    deps.clock.set('2026-12-18T12:30:00.000Z')
    const acknowledged = await transitionCase(created.id, { action: 'acknowledge' }, sam, deps)

    // Assert
    expect(accounts.reads.length).toBe(readsBefore)
    expect(acknowledged.slaClocks?.first_response).toMatchObject({
      state: 'met',
      endedAt: '2026-12-18T12:30:00.000Z',
    })
  })

  it('on a comment that changes the case, which reads the case once', async () => {
    // Arrange
    const { deps, accounts, cases } = setUp()
    const created = await createCase(aCreateCaseInput(), alice, deps)
    const readsBefore = accounts.reads.length

    // Act: the first public staff comment is the first response
    deps.clock.set('2026-12-18T12:15:00.000Z')
    await addComment(created.id, { body: 'We are on it.', visibility: 'public' }, sam, deps)

    // Assert
    expect(accounts.reads.length).toBe(readsBefore)
    expect(cases.findCalls).toHaveLength(1)
    expect(cases.cases.get(created.id)?.slaClocks?.first_response).toMatchObject({ state: 'met' })
  })

  it('on a PATCH of the severity, and re-targets by the terms of its filing', async () => {
    // Arrange: after the filing, the account moves to the standard service level
    const { deps, accounts } = setUp()
    const created = await createCase(aCreateCaseInput({ severity: 'standard' }), alice, deps)
    accounts.accounts.set('acme', anAccount({ serviceLevel: 'standard', slaOverride: { critical: 30 } }))
    const readsBefore = accounts.reads.length

    // Act
    const updated = await updateCase(
      created.id,
      created.version,
      { severity: 'critical', severityReason: 'Production is down.', impact: 'Nobody can invoice.' },
      sam,
      deps,
    )

    // Assert: premium critical is 120 minutes; the account's new terms apply to new cases only
    expect(accounts.reads.length).toBe(readsBefore)
    expect(updated.slaClocks?.first_response?.targetMinutes).toBe(120)
    expect(updated.slaClocks?.resolution?.targetMinutes).toBe(1440)
  })
})

describe('a case filed before cases kept their terms', () => {
  it("follows its clock by its account's terms, read once per change", async () => {
    // Arrange
    const { deps, accounts, cases } = setUp()
    const old = aCaseFiledBeforeTerms()
    cases.cases.set(old.id, old)

    // Act
    deps.clock.set('2026-12-18T12:30:00.000Z')
    const acknowledged = await transitionCase(old.id, { action: 'acknowledge' }, sam, deps)

    // Assert: the clock is stored the way cases store their clocks now
    expect(accounts.reads).toEqual(['acme'])
    expect(acknowledged.slaClocks?.first_response).toMatchObject({
      state: 'met',
      startedAt: fridayAfternoon,
      endedAt: '2026-12-18T12:30:00.000Z',
    })
    expect(acknowledged).not.toHaveProperty('slaClock')
    expect(acknowledged).not.toHaveProperty('slaTerms')
  })

  it("re-targets by its account's current terms on a PATCH of the severity", async () => {
    // Arrange
    const { deps, accounts, cases } = setUp([anAccount({ slaOverride: { critical: 60 } })])
    const old = aCaseFiledBeforeTerms()
    cases.cases.set(old.id, old)

    // Act
    const updated = await updateCase(
      old.id,
      old.version,
      { severity: 'critical', severityReason: 'Production is down.', impact: 'Nobody can invoice.' },
      sam,
      deps,
    )

    // Assert
    expect(accounts.reads).toEqual(['acme'])
    expect(updated.slaClocks?.first_response).toMatchObject({
      targetMinutes: 60,
      startedAt: fridayAfternoon,
      dueAt: '2026-12-18T13:00:00.000Z',
    })
  })

  it('leaves its clock alone when its account is gone, as before', async () => {
    // Arrange
    const { deps, cases } = setUp([])
    const old = aCaseFiledBeforeTerms()
    cases.cases.set(old.id, old)

    // Act
    const acknowledged = await transitionCase(old.id, { action: 'acknowledge' }, sam, deps)

    // Assert
    expect(acknowledged.status).toBe('open')
    expect(acknowledged.slaClock).toEqual(old.slaClock)
  })
})
