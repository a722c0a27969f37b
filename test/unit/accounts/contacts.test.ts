import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConflictError, ForbiddenError, NotFoundError, type ValidationError } from '#src/domain/errors.ts'
import { listContacts } from '#src/use-cases/accounts/list-contacts.ts'
import { type RegisterContactInput, registerContact } from '#src/use-cases/accounts/register-contact.ts'
import { updateContact } from '#src/use-cases/accounts/update-contact.ts'
import {
  adamContact,
  aliceContact,
  ginaContact,
  InMemoryAccountStore,
  InMemoryContactStore,
  RecordingIdentityProvider,
} from '../fakes/accounts.ts'
import { aCustomer, anAccount, aStaffMember, fixedClock, now, rejectionOf } from '../fakes/core.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

const root = aStaffMember({ userId: 'root', role: 'admin', email: 'root@vendor.example' })
const adam = aCustomer({ userId: 'adam', role: 'customer_admin', email: 'adam@acme.example' })

function setUp(accounts = new InMemoryAccountStore()) {
  const contactStore = new InMemoryContactStore([adamContact, aliceContact, ginaContact])
  const identity = new RecordingIdentityProvider().know(adamContact).know(aliceContact).know(ginaContact)
  const deps = { accounts, contacts: contactStore, addresses: contactStore, identity, clock: fixedClock() }
  return { contactStore, identity, deps }
}

const colleague = (overrides: Partial<RegisterContactInput> = {}): RegisterContactInput => ({
  email: 'carla@acme.example',
  name: 'Carla',
  role: 'customer',
  ...overrides,
})

describe('registerContact', () => {
  it('creates the user, writes the contact under its id, then gives it its role', async () => {
    // Arrange
    const { contactStore, identity, deps } = setUp()

    // Act
    const contact = await registerContact('acme', colleague({ locale: 'de' }), adam, deps)

    // Assert
    expect(contact).toEqual({
      id: 'user-1',
      accountId: 'acme',
      email: 'carla@acme.example',
      name: 'Carla',
      role: 'customer',
      active: true,
      locale: 'de',
      createdAt: now.toISOString(),
    })
    expect(contactStore.contacts.get('user-1')).toEqual(contact)
    expect(identity.calls.map((c) => c.op)).toEqual(['createUser', 'addToRole'])
    expect(identity.calls[0]).toEqual({
      op: 'createUser',
      user: { email: 'carla@acme.example', name: 'Carla', accountId: 'acme', locale: 'de' },
    })
    expect(identity.users.get('user-1')?.groups).toEqual(new Set(['customer']))
  })

  it('lets an admin register a customer admin for any account', async () => {
    const { deps } = setUp()

    const contact = await registerContact(
      'globex',
      colleague({ email: 'gus@globex.example', role: 'customer_admin' }),
      root,
      deps,
    )

    expect(contact).toMatchObject({ accountId: 'globex', role: 'customer_admin' })
  })

  it("answers another account's id to a customer admin with 404 and creates nobody", async () => {
    const { identity, deps } = setUp()

    const error = await rejectionOf(registerContact('globex', colleague(), adam, deps))

    expect(error).toBeInstanceOf(NotFoundError)
    expect(identity.calls).toEqual([])
  })

  it('refuses a plain customer and a deactivated customer admin with 403', async () => {
    const { contactStore, deps } = setUp()

    await expect(registerContact('acme', colleague(), aCustomer(), deps)).rejects.toThrow(ForbiddenError)
    contactStore.contacts.set('adam', { ...adamContact, active: false })
    await expect(registerContact('acme', colleague(), adam, deps)).rejects.toThrow(ForbiddenError)
  })

  it("refuses an address outside the account's e-mail domains with 400", async () => {
    // Arrange
    const accounts = new InMemoryAccountStore([anAccount({ emailDomains: ['acme.example', 'acme.at'] })])
    const { identity, deps } = setUp(accounts)

    // Act
    const outside = await rejectionOf(
      registerContact('acme', colleague({ email: 'carla@gmail.example' }), adam, deps),
    )
    const inside = await registerContact('acme', colleague({ email: 'carla@acme.at' }), adam, deps)

    // Assert
    expect((outside as ValidationError).errors).toEqual([
      { pointer: '/email', detail: 'is in gmail.example, not in acme.example, acme.at' },
    ])
    expect(inside.email).toBe('carla@acme.at')
    expect(identity.calls.filter((c) => c.op === 'createUser')).toHaveLength(1)
  })

  it('answers 409 for an address a contact or staff member has, without creating a user', async () => {
    const { contactStore, identity, deps } = setUp()
    contactStore.staffAddresses.add('sam@vendor.example')

    const contactTaken = await rejectionOf(
      registerContact('acme', colleague({ email: 'gina@globex.example' }), root, deps),
    )
    const staffTaken = await rejectionOf(
      registerContact('acme', colleague({ email: 'sam@vendor.example' }), root, deps),
    )

    expect(contactTaken).toBeInstanceOf(ConflictError)
    expect(staffTaken).toBeInstanceOf(ConflictError)
    expect(identity.calls).toEqual([])
  })

  it('answers 409 when the identity provider already has the address', async () => {
    const { contactStore, identity, deps } = setUp()
    identity.users.set('orphan', { email: 'carla@acme.example', groups: new Set(), active: true })

    const error = await rejectionOf(registerContact('acme', colleague(), adam, deps))

    expect(error).toBeInstanceOf(ConflictError)
    expect(contactStore.contacts.size).toBe(3)
  })

  it('deletes the new user again when the address was taken meanwhile (409)', async () => {
    // Arrange
    const { contactStore, identity, deps } = setUp()
    contactStore.takeAddressOnNextRegistration = true

    // Act
    const error = await rejectionOf(registerContact('acme', colleague(), adam, deps))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(identity.calls.map((c) => c.op)).toEqual(['createUser', 'deleteUser'])
    expect(identity.users.has('user-1')).toBe(false)
  })

  it('deletes the new user again when writing the contact fails, and passes the failure on', async () => {
    const { contactStore, identity, deps } = setUp()
    contactStore.failNextRegistration = new Error('DynamoDB is unavailable')

    const error = await rejectionOf(registerContact('acme', colleague(), adam, deps))

    expect((error as Error).message).toBe('DynamoDB is unavailable')
    expect(identity.users.has('user-1')).toBe(false)
    expect(contactStore.contacts.has('user-1')).toBe(false)
  })

  it('removes the contact and deletes the user when giving the role fails, so a retry starts clean', async () => {
    // Arrange
    const { contactStore, identity, deps } = setUp()
    identity.failing.set('addToRole', new Error('Cognito is unavailable'))

    // Act
    const failed = await rejectionOf(registerContact('acme', colleague(), adam, deps))
    const retried = await registerContact('acme', colleague(), adam, deps)

    // Assert
    expect((failed as Error).message).toBe('Cognito is unavailable')
    expect(contactStore.removed.map((c) => c.id)).toEqual(['user-1'])
    expect(identity.users.has('user-1')).toBe(false)
    expect(retried.id).toBe('user-2')
    expect(identity.users.get('user-2')?.groups).toEqual(new Set(['customer']))
  })

  it('passes the first failure on even when undoing fails too', async () => {
    // The failed undo is logged for an operator; keep the test output quiet.
    vi.stubEnv('LOG_LEVEL', 'silent')
    const { contactStore, identity, deps } = setUp()
    contactStore.failNextRegistration = new Error('DynamoDB is unavailable')
    identity.failing.set('deleteUser', new Error('Cognito is unavailable'))

    const error = await rejectionOf(registerContact('acme', colleague(), adam, deps))

    expect((error as Error).message).toBe('DynamoDB is unavailable')
  })
})

describe('listContacts', () => {
  it("lists a customer admin's own account's contacts by address", async () => {
    const { deps } = setUp()

    const page = await listContacts('acme', { limit: 25 }, adam, deps)

    expect(page.items.map((c) => c.email)).toEqual(['adam@acme.example', 'alice@acme.example'])
  })

  it("answers another account's contacts to a customer admin with 404", async () => {
    const { deps } = setUp()

    await expect(listContacts('globex', { limit: 25 }, adam, deps)).rejects.toThrow(NotFoundError)
  })

  it('lists any account to an admin', async () => {
    const { deps } = setUp()

    const page = await listContacts('globex', { limit: 25 }, root, deps)

    expect(page.items.map((c) => c.id)).toEqual(['gina'])
  })
})

describe('updateContact', () => {
  it.each([
    ['being erased', { active: false, erasureRequestedAt: '2026-12-03T09:00:00.000Z' }],
    ['erased', { active: false, name: 'Former contact', erasedAt: '2026-12-03T10:00:00.000Z' }],
  ])('refuses every change of a contact %s (409): nothing brings the person back', async (_, state) => {
    // Arrange
    const { contactStore, identity, deps } = setUp()
    contactStore.contacts.set('alice', { ...aliceContact, ...state })

    // Act
    const error = await rejectionOf(
      updateContact('acme', 'alice', { active: true, name: 'Alice' }, root, deps),
    )

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(contactStore.contacts.get('alice')).toMatchObject(state)
    expect(identity.calls).toEqual([])
  })

  it('deactivates a contact: disabled at sign-in first, then in the directory', async () => {
    // Arrange
    const { contactStore, identity, deps } = setUp()

    // Act
    const updated = await updateContact('acme', 'alice', { active: false }, adam, deps)

    // Assert
    expect(updated).toMatchObject({ id: 'alice', active: false, updatedAt: now.toISOString() })
    expect(contactStore.contacts.get('alice')?.active).toBe(false)
    expect(identity.calls).toEqual([{ op: 'setActive', userId: 'alice', active: false }])
  })

  it('promotes a customer to customer admin: into the new group before out of the old one', async () => {
    const { identity, deps } = setUp()

    const updated = await updateContact('acme', 'alice', { role: 'customer_admin' }, adam, deps)

    expect(updated.role).toBe('customer_admin')
    expect(identity.calls).toEqual([
      { op: 'addToRole', userId: 'alice', role: 'customer_admin' },
      { op: 'removeFromRole', userId: 'alice', role: 'customer' },
    ])
    expect(identity.users.get('alice')?.groups).toEqual(new Set(['customer_admin']))
  })

  it('reactivates a contact and renames it', async () => {
    const { contactStore, identity, deps } = setUp()
    contactStore.contacts.set('alice', { ...aliceContact, active: false })

    const updated = await updateContact('acme', 'alice', { active: true, name: 'Alice A.' }, root, deps)

    expect(updated).toMatchObject({ active: true, name: 'Alice A.' })
    expect(identity.calls).toEqual([{ op: 'setActive', userId: 'alice', active: true }])
  })

  it('changes name and locale without touching the identity provider', async () => {
    const { identity, deps } = setUp()

    const updated = await updateContact('acme', 'alice', { name: 'Alice Acme', locale: 'en' }, adam, deps)

    expect(updated).toMatchObject({ name: 'Alice Acme', locale: 'en' })
    expect(identity.calls).toEqual([])
  })

  it.each([
    ['deactivate', { active: false }],
    ['demote', { role: 'customer' as const }],
  ])('a customer admin cannot %s itself (409), and nothing changes', async (_, change) => {
    const { contactStore, identity, deps } = setUp()

    const error = await rejectionOf(updateContact('acme', 'adam', change, adam, deps))

    expect(error).toBeInstanceOf(ConflictError)
    expect(contactStore.contacts.get('adam')).toEqual(adamContact)
    expect(identity.calls).toEqual([])
  })

  it('lets a customer admin rename itself, and an admin demote it', async () => {
    const { deps } = setUp()

    const renamed = await updateContact('acme', 'adam', { name: 'Adam A.' }, adam, deps)
    const demoted = await updateContact('acme', 'adam', { role: 'customer' }, root, deps)

    expect(renamed.name).toBe('Adam A.')
    expect(demoted.role).toBe('customer')
  })

  it('answers 404 for a contact of another account, also under the own account, and changes nothing', async () => {
    const { contactStore, identity, deps } = setUp()

    const underForeign = await rejectionOf(updateContact('globex', 'gina', { active: false }, adam, deps))
    const underOwn = await rejectionOf(updateContact('acme', 'gina', { active: false }, adam, deps))
    const unknown = await rejectionOf(updateContact('acme', 'nobody', { active: false }, root, deps))

    expect([underForeign, underOwn, unknown].every((e) => e instanceof NotFoundError)).toBe(true)
    expect(contactStore.contacts.get('gina')?.active).toBe(true)
    expect(identity.calls).toEqual([])
  })

  it('answers 409 when someone changed the contact at the same moment; the retry converges', async () => {
    // Arrange
    const { contactStore, identity, deps } = setUp()
    contactStore.failNextUpdateAsStale = true

    // Act
    const error = await rejectionOf(updateContact('acme', 'alice', { role: 'customer_admin' }, adam, deps))
    const retried = await updateContact('acme', 'alice', { role: 'customer_admin' }, adam, deps)

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(retried.role).toBe('customer_admin')
    expect(identity.users.get('alice')?.groups).toEqual(new Set(['customer_admin']))
  })

  it('leaves the directory as it was when the identity provider fails', async () => {
    const { contactStore, identity, deps } = setUp()
    identity.failing.set('setActive', new Error('Cognito is unavailable'))

    await expect(updateContact('acme', 'alice', { active: false }, adam, deps)).rejects.toThrow('Cognito')
    expect(contactStore.contacts.get('alice')?.active).toBe(true)
  })
})

describe('updateContact: a new e-mail address', () => {
  it('moves sign-in and the address claim: the new address is the contact’s, the old one free', async () => {
    // Arrange
    const { contactStore, identity, deps } = setUp()

    // Act
    const updated = await updateContact('acme', 'alice', { email: 'alice.new@acme.example' }, adam, deps)

    // Assert
    expect(updated).toMatchObject({
      id: 'alice',
      email: 'alice.new@acme.example',
      updatedAt: now.toISOString(),
    })
    expect(identity.calls).toEqual([{ op: 'changeEmail', userId: 'alice', email: 'alice.new@acme.example' }])
    expect(identity.users.get('alice')?.email).toBe('alice.new@acme.example')
    expect(await contactStore.findEmailOwner('alice.new@acme.example')).toEqual({
      userId: 'alice',
      kind: 'contact',
    })
    expect(await contactStore.findEmailOwner(aliceContact.email)).toBeUndefined()
  })

  it('changes the address together with other fields, and an unchanged address is no change', async () => {
    const { identity, deps } = setUp()

    const updated = await updateContact(
      'acme',
      'alice',
      { email: 'alice.b@acme.example', name: 'Alice B.' },
      root,
      deps,
    )
    const same = await updateContact('acme', 'alice', { email: 'alice.b@acme.example' }, root, deps)

    expect(updated).toMatchObject({ email: 'alice.b@acme.example', name: 'Alice B.' })
    expect(same).toMatchObject({ email: 'alice.b@acme.example', name: 'Alice B.' })
    expect(identity.calls.filter((c) => c.op === 'changeEmail')).toHaveLength(1)
  })

  it('refuses an address someone holds (409) and one outside the account’s domains (400), changing nothing', async () => {
    // Arrange
    const accounts = new InMemoryAccountStore([anAccount({ emailDomains: ['acme.example'] })])
    const { contactStore, identity, deps } = setUp(accounts)

    // Act
    const taken = await rejectionOf(updateContact('acme', 'alice', { email: adamContact.email }, adam, deps))
    const outside = (await rejectionOf(
      updateContact('acme', 'alice', { email: 'alice@elsewhere.example' }, adam, deps),
    )) as ValidationError

    // Assert
    expect(taken).toBeInstanceOf(ConflictError)
    expect(outside.errors?.map((e) => ('pointer' in e ? e.pointer : undefined))).toEqual(['/email'])
    expect(contactStore.contacts.get('alice')).toEqual(aliceContact)
    expect(identity.calls).toEqual([])
  })

  it('puts the sign-in address back when the address was taken between the check and the move', async () => {
    // Arrange
    const { contactStore, identity, deps } = setUp()
    const move = contactStore.changeContactEmail.bind(contactStore)
    contactStore.changeContactEmail = async (before, email, at) => {
      contactStore.staffAddresses.add(email)
      return move(before, email, at)
    }

    // Act
    const error = await rejectionOf(
      updateContact('acme', 'alice', { email: 'race@acme.example' }, adam, deps),
    )

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(identity.users.get('alice')?.email).toBe(aliceContact.email)
    expect(contactStore.contacts.get('alice')?.email).toBe(aliceContact.email)
  })

  it('answers 409 when the identity provider knows the address for another user', async () => {
    const { identity, deps } = setUp()
    identity.users.set('stranger', { email: 'ghost@acme.example', groups: new Set(), active: true })

    const error = await rejectionOf(
      updateContact('acme', 'alice', { email: 'ghost@acme.example' }, adam, deps),
    )

    expect(error).toBeInstanceOf(ConflictError)
  })
})
