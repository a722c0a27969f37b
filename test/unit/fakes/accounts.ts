import { type Account, accountVersion, type Contact } from '#src/domain/directory.ts'
import { IdentityUserExistsError, StaleAccountError, StaleContactError } from '#src/domain/errors.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type {
  AccountChange,
  AccountDirectory,
  AccountStore,
  ContactChange,
  ContactStore,
} from '#src/use-cases/ports/directory.ts'
import type { IdentityProvider, NewIdentityUser } from '#src/use-cases/ports/identity.ts'
import { aContact, anAccount, readContactsAndAccount } from './core.ts'

/**
 * In-memory fakes of the accounts-and-contacts ports, keeping the rules of the DynamoDB directory:
 * ids and addresses are unique, updates are conditional, lists are sorted as the indexes sort them.
 */

export class InMemoryAccountStore implements AccountStore {
  readonly accounts = new Map<string, Account>()

  constructor(
    accounts: Account[] = [anAccount(), anAccount({ id: 'globex', name: 'Globex', locale: 'en' })],
  ) {
    for (const account of accounts) this.accounts.set(account.id, account)
  }

  async findAccount(accountId: string) {
    return this.accounts.get(accountId)
  }

  async listAccounts(page: PageRequest): Promise<Paged<Account>> {
    const sorted = [...this.accounts.values()].sort((a, b) => a.name.localeCompare(b.name))
    return { items: sorted.slice(0, page.limit), nextCursor: null }
  }

  async putAccountIfAbsent(account: Account) {
    if (this.accounts.has(account.id)) return false
    this.accounts.set(account.id, account)
    return true
  }

  async updateAccount(
    accountId: string,
    change: AccountChange,
    options: { at: string; expectedVersion?: number | undefined },
  ) {
    const current = this.accounts.get(accountId)
    if (!current) return undefined
    if (options.expectedVersion !== undefined && accountVersion(current) !== options.expectedVersion)
      throw new StaleAccountError(accountId)
    const next: Record<string, unknown> = { ...current }
    for (const [field, value] of Object.entries(change)) {
      if (value === null) delete next[field]
      else if (value !== undefined) next[field] = value
    }
    const updated = { ...next, version: accountVersion(current) + 1, updatedAt: options.at } as Account
    this.accounts.set(accountId, updated)
    return updated
  }
}

export class InMemoryContactStore implements ContactStore {
  readonly contacts = new Map<string, Contact>()
  /** Addresses claimed by staff members (contacts claim theirs through `contacts`). */
  readonly staffAddresses = new Set<string>()
  /** Set to make the next registration fail as if DynamoDB were unavailable. */
  failNextRegistration: Error | undefined
  /** Set to make the next registration find its address taken (a race the pre-check missed). */
  takeAddressOnNextRegistration = false
  /** Set to make the next update fail as if someone else had changed the contact first. */
  failNextUpdateAsStale = false
  readonly removed: Contact[] = []

  /** `accounts`: where the batch read finds the account (the demo accounts by default). */
  constructor(
    contacts: Contact[] = [],
    private readonly accounts: AccountDirectory = new InMemoryAccountStore(),
  ) {
    for (const contact of contacts) this.contacts.set(contact.id, contact)
  }

  async findContact(contactId: string) {
    return this.contacts.get(contactId)
  }

  async findContactsAndAccount(contactIds: readonly string[], accountId: string) {
    return readContactsAndAccount(this, this.accounts, contactIds, accountId)
  }

  async findEmailOwner(email: string) {
    if (this.staffAddresses.has(email)) return { userId: `staff-${email}`, kind: 'staff' as const }
    const contact = [...this.contacts.values()].find((c) => c.email.toLowerCase() === email.toLowerCase())
    return contact ? { userId: contact.id, kind: 'contact' as const } : undefined
  }

  async listContacts(accountId: string, page: PageRequest): Promise<Paged<Contact>> {
    const items = [...this.contacts.values()]
      .filter((c) => c.accountId === accountId)
      .sort((a, b) => a.email.localeCompare(b.email))
      .slice(0, page.limit)
    return { items, nextCursor: null }
  }

  async registerContactIfAbsent(contact: Contact) {
    if (this.failNextRegistration) {
      const error = this.failNextRegistration
      this.failNextRegistration = undefined
      throw error
    }
    if (this.takeAddressOnNextRegistration) {
      this.takeAddressOnNextRegistration = false
      return false
    }
    if (this.contacts.has(contact.id) || (await this.findEmailOwner(contact.email))) return false
    this.contacts.set(contact.id, contact)
    return true
  }

  async updateContact(before: Contact, change: ContactChange, at: string) {
    const current = this.contacts.get(before.id)
    if (
      this.failNextUpdateAsStale ||
      !current ||
      current.accountId !== before.accountId ||
      current.role !== before.role ||
      current.active !== before.active
    ) {
      this.failNextUpdateAsStale = false
      throw new StaleContactError(before.id)
    }
    const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined))
    const updated: Contact = { ...current, ...defined, updatedAt: at }
    this.contacts.set(before.id, updated)
    return updated
  }

  async changeContactEmail(before: Contact, email: string, at: string) {
    const current = this.contacts.get(before.id)
    if (!current || current.email !== before.email) throw new StaleContactError(before.id)
    if (await this.findEmailOwner(email)) return false
    this.contacts.set(before.id, { ...current, email, updatedAt: at })
    return true
  }

  async removeContact(contact: Contact) {
    this.removed.push(contact)
    this.contacts.delete(contact.id)
  }
}

type IdentityCall =
  | { op: 'createUser'; user: NewIdentityUser }
  | { op: 'addToRole' | 'removeFromRole'; userId: string; role: Contact['role'] }
  | { op: 'setActive'; userId: string; active: boolean }
  | { op: 'deleteUser'; userId: string }
  | { op: 'changeEmail'; userId: string; email: string }

/** Records every call, keeps users with their groups and state, and fails the calls a test names. */
export class RecordingIdentityProvider implements IdentityProvider {
  readonly calls: IdentityCall[] = []
  readonly users = new Map<string, { email: string; groups: Set<string>; active: boolean }>()
  /** Operations that throw (once each) the next time they are called. */
  readonly failing = new Map<IdentityCall['op'], Error>()
  private next = 0

  private fail(op: IdentityCall['op']): void {
    const error = this.failing.get(op)
    if (error) {
      this.failing.delete(op)
      throw error
    }
  }

  async createUser(user: NewIdentityUser) {
    this.calls.push({ op: 'createUser', user })
    this.fail('createUser')
    if ([...this.users.values()].some((u) => u.email === user.email))
      throw new IdentityUserExistsError(user.email)
    const userId = `user-${++this.next}`
    this.users.set(userId, { email: user.email, groups: new Set(), active: true })
    return { userId }
  }

  async addToRole(userId: string, role: Contact['role']) {
    this.calls.push({ op: 'addToRole', userId, role })
    this.fail('addToRole')
    this.users.get(userId)?.groups.add(role)
  }

  async removeFromRole(userId: string, role: Contact['role']) {
    this.calls.push({ op: 'removeFromRole', userId, role })
    this.fail('removeFromRole')
    this.users.get(userId)?.groups.delete(role)
  }

  async setActive(userId: string, active: boolean) {
    this.calls.push({ op: 'setActive', userId, active })
    this.fail('setActive')
    const user = this.users.get(userId)
    if (user) user.active = active
  }

  async changeEmail(userId: string, email: string) {
    this.calls.push({ op: 'changeEmail', userId, email })
    this.fail('changeEmail')
    if ([...this.users.entries()].some(([id, u]) => id !== userId && u.email === email))
      throw new IdentityUserExistsError(email)
    const user = this.users.get(userId)
    if (user) user.email = email
  }

  async deleteUser(userId: string) {
    this.calls.push({ op: 'deleteUser', userId })
    this.fail('deleteUser')
    this.users.delete(userId)
  }

  /** Registers an existing user (a seeded contact) with its group. */
  know(contact: Contact): this {
    this.users.set(contact.id, {
      email: contact.email,
      groups: new Set([contact.role]),
      active: contact.active,
    })
    return this
  }
}

/** Adam, the customer admin of acme, as the directory holds him. */
export const adamContact = aContact({
  id: 'adam',
  email: 'adam@acme.example',
  name: 'Adam',
  role: 'customer_admin',
})
export const aliceContact = aContact()
export const ginaContact = aContact({
  id: 'gina',
  accountId: 'globex',
  email: 'gina@globex.example',
  name: 'Gina',
})
