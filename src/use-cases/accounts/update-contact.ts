import type { Account, Contact, ContactRole } from '#src/domain/directory.ts'
import { ConflictError, IdentityUserExistsError, StaleContactError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type {
  AccountDirectory,
  ContactAddresses,
  ContactChange,
  ContactStore,
} from '#src/use-cases/ports/directory.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import { administeredContact } from './access.ts'
import { addressTaken, assertAddressOfAccount } from './contact-address.ts'

/** A `PATCH` of a contact: name, role, active flag, locale, e-mail address; only the fields to change. */
export type UpdateContactInput = ContactChange & { email?: string | undefined }

export interface UpdateContactDeps {
  accounts: AccountDirectory
  contacts: ContactStore
  addresses: ContactAddresses
  identity: IdentityProvider
  clock: Clock
}

const otherRole = (role: ContactRole): ContactRole => (role === 'customer' ? 'customer_admin' : 'customer')

/**
 * Changes a contact: name, locale, role (customer ↔ customer admin), active (`false` deactivates:
 * no sign-in, no new cases, no mail-in), e-mail address (docs/privacy.md: sign-in and mail-in move
 * to the new address, the old one is free at once). Admins any account's contacts, a customer admin its own
 * account's. A customer admin cannot deactivate or demote itself, so an account never locks out the
 * customer admin who is acting; another customer admin or the operator's admins can.
 * 1. Check the caller may administer the account (another account's id: 404).
 * 2. The contact must belong to that account (404 otherwise, the same as an unknown one).
 * 3. Refuse a contact being erased or erased (409), and a customer admin's own deactivation or demotion (409).
 * 4. A new address: in the account's e-mail domains (400) and free (409); moved in the identity
 *    provider first (its own uniqueness check answers 409 too), then in the directory, where the
 *    contact and both address claims change in one transaction. A retry after a half-way failure
 *    repeats the identity step and finishes the directory's.
 * 5. Apply role and active flag in the identity provider first: a deactivation takes effect at sign-in
 *    at once, and every step is idempotent and repeated on every PATCH that names the field, so a
 *    retry after a half-way failure brings both sides in line.
 * 6. Write the other changes, if the contact's role and active flag are still those read (409 otherwise:
 *    someone else changed it at the same moment).
 */
export async function updateContact(
  accountId: string,
  contactId: string,
  input: UpdateContactInput,
  caller: Caller,
  deps: UpdateContactDeps,
): Promise<Contact> {
  const { account, contact } = await administeredContact(caller, accountId, contactId, deps)
  if (contact.erasureRequestedAt || contact.erasedAt) {
    // Nothing may bring the person back: not a new name, not an address, not `active: true`.
    throw new ConflictError(
      `Contact ${contactId} is being erased or was erased (docs/privacy.md); it can no longer change.`,
    )
  }
  if (caller.kind === 'customer' && contact.id === caller.userId) {
    if (input.active === false)
      throw new ConflictError('You cannot deactivate yourself. Another customer admin or support can.')
    if (input.role === 'customer')
      throw new ConflictError(
        'You cannot give up your own customer admin role. Another customer admin or support can.',
      )
  }

  const { email, ...change } = input
  const current = email === undefined ? contact : await moveAddress(account, contact, email, deps)

  if (Object.keys(change).length === 0) return current
  if (input.active === false) await deps.identity.setActive(contact.id, false)
  if (input.role !== undefined) {
    // Into the new group before out of the old one: the user always has a role.
    await deps.identity.addToRole(contact.id, input.role)
    if (contact.role !== input.role) await deps.identity.removeFromRole(contact.id, otherRole(input.role))
  }
  if (input.active === true) await deps.identity.setActive(contact.id, true)

  try {
    return await deps.contacts.updateContact(current, change, deps.clock.now().toISOString())
  } catch (error) {
    if (error instanceof StaleContactError) {
      throw new ConflictError(
        `Contact ${contactId} was changed by someone else just now. Read it again and retry.`,
      )
    }
    throw error
  }
}

/** Step 4: the contact at its new address, in the identity provider and the directory. */
async function moveAddress(
  account: Account,
  contact: Contact,
  email: string,
  deps: UpdateContactDeps,
): Promise<Contact> {
  if (email.toLowerCase() === contact.email.toLowerCase()) return contact
  assertAddressOfAccount(account, email)
  const owner = await deps.contacts.findEmailOwner(email)
  if (owner && owner.userId !== contact.id) throw addressTaken(email)
  try {
    await deps.identity.changeEmail(contact.id, email)
  } catch (error) {
    if (error instanceof IdentityUserExistsError) throw addressTaken(email)
    throw error
  }
  const at = deps.clock.now().toISOString()
  let moved: boolean
  try {
    moved = await deps.addresses.changeContactEmail(contact, email, at)
  } catch (error) {
    if (error instanceof StaleContactError) {
      throw new ConflictError(
        `Contact ${contact.id} was changed by someone else just now. Read it again and retry.`,
      )
    }
    throw error
  }
  if (!moved) {
    // Taken between the check and the move: the sign-in address goes back to the one the directory holds.
    await deps.identity.changeEmail(contact.id, contact.email)
    throw addressTaken(email)
  }
  return { ...contact, email, updatedAt: at }
}
