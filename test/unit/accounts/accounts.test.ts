import { describe, expect, it } from 'vitest'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  type ValidationError,
} from '#src/domain/errors.ts'
import { type CreateAccountInput, createAccount, slugOf } from '#src/use-cases/accounts/create-account.ts'
import { getAccount } from '#src/use-cases/accounts/get-account.ts'
import { listAccounts } from '#src/use-cases/accounts/list-accounts.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'
import { updateAccount } from '#src/use-cases/accounts/update-account.ts'
import { adamContact, aliceContact, InMemoryAccountStore, InMemoryContactStore } from '../fakes/accounts.ts'
import {
  aCustomer,
  anAccount,
  aStaffMember,
  aStaffRecord,
  fixedClock,
  InMemorySlaSettings,
  InMemoryStaffDirectory,
  now,
  rejectionOf,
  sequentialIds,
} from '../fakes/core.ts'

const root = aStaffMember({ userId: 'root', role: 'admin', email: 'root@vendor.example' })
const adam = aCustomer({ userId: 'adam', role: 'customer_admin', email: 'adam@acme.example' })
const maria = aStaffRecord({ id: 'maria', role: 'manager', email: 'maria@vendor.example' })
const gone = aStaffRecord({ id: 'gone', role: 'manager', email: 'gone@vendor.example', active: false })

function setUp() {
  const accountStore = new InMemoryAccountStore()
  const contactStore = new InMemoryContactStore([adamContact, aliceContact])
  const deps = {
    accounts: accountStore,
    contacts: contactStore,
    staff: new InMemoryStaffDirectory([maria, gone]),
    slaSettings: new InMemorySlaSettings(),
    clock: fixedClock(),
    ids: sequentialIds('generated'),
  }
  return { accountStore, contactStore, deps }
}

const initech = (overrides: Partial<CreateAccountInput> = {}): CreateAccountInput => ({
  name: 'Initech Österreich GmbH',
  serviceLevel: 'standard',
  locale: 'de',
  calendarId: 'vienna',
  slaPolicyId: 'default',
  ...overrides,
})

describe('slugOf', () => {
  it.each([
    ['ACME Corp.', 'acme-corp'],
    ['Initech Österreich GmbH', 'initech-osterreich-gmbh'],
    ['Großhandel  & Söhne', 'grosshandel-sohne'],
    ['  --Globex--  ', 'globex'],
    ['株式会社', ''],
  ])('%s → %s', (name, slug) => {
    expect(slugOf(name)).toBe(slug)
  })

  it('keeps at most 64 characters and never ends in a dash', () => {
    const slug = slugOf(`${'a'.repeat(63)} b`)

    expect(slug).toBe('a'.repeat(63))
  })
})

describe('createAccount', () => {
  it('creates an account whose id is the slug of its name, at version 1', async () => {
    // Arrange
    const { accountStore, deps } = setUp()

    // Act
    const created = await createAccount(
      initech({ emailDomains: ['initech.example', 'initech.example'], responsibleManagerId: 'maria' }),
      root,
      deps,
    )

    // Assert
    expect(created).toMatchObject({
      id: 'initech-osterreich-gmbh',
      name: 'Initech Österreich GmbH',
      emailDomains: ['initech.example'],
      responsibleManagerId: 'maria',
      version: 1,
      createdAt: now.toISOString(),
    })
    expect(accountStore.accounts.get('initech-osterreich-gmbh')).toEqual(created)
  })

  it('takes the id the admin gives', async () => {
    const { deps } = setUp()

    const created = await createAccount(initech({ id: 'initech' }), root, deps)

    expect(created.id).toBe('initech')
  })

  it('makes up an id when the name gives no slug', async () => {
    const { deps } = setUp()

    const created = await createAccount(initech({ name: '株式会社' }), root, deps)

    expect(created.id).toBe('account-generate')
  })

  it('answers 409 for a taken id, never overwriting the account', async () => {
    const { accountStore, deps } = setUp()
    const before = accountStore.accounts.get('acme')

    const error = await rejectionOf(createAccount(initech({ id: 'acme' }), root, deps))

    expect(error).toBeInstanceOf(ConflictError)
    expect(accountStore.accounts.get('acme')).toEqual(before)
  })

  it('answers 409 naming the derived id when the name gives a taken one', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(createAccount(initech({ name: 'ACME' }), root, deps))

    expect(error).toBeInstanceOf(ConflictError)
    expect((error as Error).message).toContain('"id"')
  })

  it('refuses unknown calendars and policies and inactive or unknown staff, naming each field', async () => {
    // Arrange
    const { accountStore, deps } = setUp()

    // Act
    const error = await rejectionOf(
      createAccount(
        initech({
          calendarId: 'mars',
          slaPolicyId: 'gold',
          responsibleManagerId: 'gone',
          accountManagerId: 'nobody',
          escalationRecipients: { '1': ['maria'], '3': ['maria', 'gone'] },
        }),
        root,
        deps,
      ),
    )

    // Assert
    expect((error as ValidationError).status).toBe(400)
    expect((error as ValidationError).errors?.map((e) => 'pointer' in e && e.pointer)).toEqual([
      '/calendarId',
      '/slaPolicyId',
      '/responsibleManagerId',
      '/accountManagerId',
      '/escalationRecipients/3/1',
    ])
    expect(accountStore.accounts.size).toBe(2)
  })

  it.each([
    ['a customer admin', adam],
    ['an agent', aStaffMember()],
  ])('refuses %s with 403', async (_, caller) => {
    const { deps } = setUp()

    await expect(createAccount(initech(), caller, deps)).rejects.toThrow(ForbiddenError)
  })
})

describe('getAccount', () => {
  it('answers any account to an admin', async () => {
    const { deps } = setUp()

    expect((await getAccount('globex', root, deps)).id).toBe('globex')
  })

  it("answers a customer admin's own account", async () => {
    const { deps } = setUp()

    expect((await getAccount('acme', adam, deps)).id).toBe('acme')
  })

  it('answers another account to a customer admin with 404, as for an unknown one', async () => {
    const { deps } = setUp()

    const foreign = await rejectionOf(getAccount('globex', adam, deps))
    const unknown = await rejectionOf(getAccount('nope', root, deps))

    expect(foreign).toBeInstanceOf(NotFoundError)
    expect(unknown).toBeInstanceOf(NotFoundError)
  })

  it('refuses a customer admin whose contact was deactivated or demoted since the token was issued', async () => {
    const { contactStore, deps } = setUp()
    contactStore.contacts.set('adam', { ...adamContact, active: false })
    const deactivated = await rejectionOf(getAccount('acme', adam, deps))
    contactStore.contacts.set('adam', { ...adamContact, role: 'customer' })
    const demoted = await rejectionOf(getAccount('acme', adam, deps))

    expect(deactivated).toBeInstanceOf(ForbiddenError)
    expect(demoted).toBeInstanceOf(ForbiddenError)
  })

  it('refuses plain customers and other staff with 403', async () => {
    const { deps } = setUp()

    await expect(getAccount('acme', aCustomer(), deps)).rejects.toThrow(ForbiddenError)
    await expect(getAccount('acme', aStaffMember({ role: 'manager' }), deps)).rejects.toThrow(ForbiddenError)
  })
})

describe('listAccounts', () => {
  it('lists every account by name to an admin', async () => {
    const { deps } = setUp()

    const page = await listAccounts({ limit: 25 }, root, deps)

    expect(page.items.map((a) => a.id)).toEqual(['acme', 'globex'])
  })

  it('refuses a customer admin with 403', async () => {
    const { deps } = setUp()

    await expect(listAccounts({ limit: 25 }, adam, deps)).rejects.toThrow(ForbiddenError)
  })
})

describe('updateAccount', () => {
  it('changes the named fields, clears those set to null and counts the version up', async () => {
    // Arrange
    const { accountStore, deps } = setUp()
    accountStore.accounts.set('acme', anAccount({ accountManagerId: 'maria', slaOverride: { critical: 60 } }))

    // Act
    const updated = await updateAccount(
      'acme',
      undefined,
      { serviceLevel: 'standard', emailDomains: ['acme.example'], slaOverride: null },
      root,
      deps,
    )

    // Assert
    expect(updated).toMatchObject({
      serviceLevel: 'standard',
      emailDomains: ['acme.example'],
      accountManagerId: 'maria',
      version: 2,
      updatedAt: now.toISOString(),
    })
    expect(updated.slaOverride).toBeUndefined()
  })

  it('applies a change based on the current version (If-Match) and refuses a stale one with 412', async () => {
    const { deps } = setUp()

    const first = await updateAccount('acme', 1, { name: 'ACME AG' }, root, deps)
    const stale = await rejectionOf(updateAccount('acme', 1, { name: 'ACME SE' }, root, deps))

    expect(first.version).toBe(2)
    expect(stale).toBeInstanceOf(PreconditionFailedError)
  })

  it('answers 404 for an unknown account', async () => {
    const { deps } = setUp()

    await expect(updateAccount('nope', undefined, { name: 'x' }, root, deps)).rejects.toThrow(NotFoundError)
  })

  it('refuses escalation recipients that are not active staff, and changes nothing', async () => {
    const { accountStore, deps } = setUp()

    const error = await rejectionOf(
      updateAccount('acme', undefined, { escalationRecipients: { '2': ['gone'] } }, root, deps),
    )

    expect((error as ValidationError).errors).toEqual([
      { pointer: '/escalationRecipients/2/0', detail: 'is not an active staff member' },
    ])
    expect(accountStore.accounts.get('acme')?.version).toBeUndefined()
  })

  it('refuses a customer admin, even for its own account', async () => {
    const { deps } = setUp()

    await expect(updateAccount('acme', undefined, { name: 'Mine' }, adam, deps)).rejects.toThrow(
      ForbiddenError,
    )
  })
})

describe('presentAccount', () => {
  it('shows an account stored before versioning at version 1 with no e-mail domains', () => {
    expect(presentAccount(anAccount())).toMatchObject({ version: 1, emailDomains: [] })
  })
})
