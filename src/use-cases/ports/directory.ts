// Ports of the directory: accounts, contacts and staff, and who owns an e-mail address.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { Account, Contact, StaffMember } from '#src/domain/directory.ts'
import type { Paged, PageRequest } from './common.ts'

/** Contacts and their account, read together. */
export interface ContactsAndAccount {
  /** The contacts found, by id; an unknown id is simply absent. */
  contacts: Map<string, Contact>
  account: Account | undefined
}

export interface ContactDirectory {
  findContact(contactId: string): Promise<Contact | undefined>
  /**
   * Some contacts and one account in a single read: filing a case needs the caller's contact, the
   * contact the case is for and their account's SLA terms, and reads them at once
   * (docs/performance.md).
   */
  findContactsAndAccount(contactIds: readonly string[], accountId: string): Promise<ContactsAndAccount>
}

export interface StaffDirectory {
  findStaffMember(userId: string): Promise<StaffMember | undefined>
}

export interface AccountDirectory {
  findAccount(accountId: string): Promise<Account | undefined>
}

/** The fields of an account a change sets; `null` removes an optional one. */
export interface AccountChange {
  name?: string
  serviceLevel?: Account['serviceLevel']
  locale?: Account['locale']
  calendarId?: string
  slaPolicyId?: string
  slaOverride?: NonNullable<Account['slaOverride']> | null
  slaTargetOverrides?: NonNullable<Account['slaTargetOverrides']> | null
  emailDomains?: string[]
  responsibleManagerId?: string | null
  accountManagerId?: string | null
  escalationRecipients?: NonNullable<Account['escalationRecipients']> | null
  retainClosedCasesDays?: number | null
}

/** Customer accounts, as the operator's admins manage them. */
export interface AccountStore extends AccountDirectory {
  /** Every account, by name. */
  listAccounts(page: PageRequest): Promise<Paged<Account>>
  /** Creates the account unless its id is taken; true when it was created. */
  putAccountIfAbsent(account: Account): Promise<boolean>
  /**
   * Applies `change` atomically and counts the version up; answers the account as it is now, or
   * undefined if there is none. With `expectedVersion`, throws StaleAccountError unless the account is
   * still at that version.
   */
  updateAccount(
    accountId: string,
    change: AccountChange,
    options: { at: string; expectedVersion?: number | undefined },
  ): Promise<Account | undefined>
}

/** The fields of a contact a change sets. */
export interface ContactChange {
  name?: string
  role?: Contact['role']
  active?: boolean
  locale?: NonNullable<Contact['locale']>
}

/** Who owns an e-mail address (the directory's unique address claim). */
export interface EmailOwnerDirectory {
  findEmailOwner(email: string): Promise<{ userId: string; kind: 'contact' | 'staff' } | undefined>
}

/** A customer account's contacts, as its customer admins and the operator's admins manage them. */
export interface ContactStore extends ContactDirectory, EmailOwnerDirectory {
  /** An account's contacts, by e-mail address. */
  listContacts(accountId: string, page: PageRequest): Promise<Paged<Contact>>
  /** Writes the contact and claims its address in one transaction; false when the id or address is taken. */
  registerContactIfAbsent(contact: Contact): Promise<boolean>
  /**
   * Applies `change` to a contact of `before.accountId` if its role and active flag are still those of
   * `before`; answers the contact as it is now. Throws StaleContactError otherwise.
   */
  updateContact(before: Contact, change: ContactChange, at: string): Promise<Contact>
  /** Removes a contact and its address claim again (undoing a registration that failed half-way). */
  removeContact(contact: Contact): Promise<void>
}

/** Where a contact's address lives in the directory: the contact and the unique address claims. */
export interface ContactAddresses {
  /**
   * Moves a contact to another address: its claim moves with it in one transaction (the old address
   * is free at once, the new one taken). False when the new address is taken; StaleContactError when
   * the contact's address is no longer `before.email`.
   */
  changeContactEmail(before: Contact, email: string, at: string): Promise<boolean>
}
