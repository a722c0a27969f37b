import type { Contact, ContactRole } from '#src/domain/directory.ts'
import { ConflictError, NotFoundError, StaleContactError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { AccountDirectory, ContactChange, ContactStore } from '#src/use-cases/ports/directory.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import { administeredAccount } from './access.ts'

/** A `PATCH` of a contact: name, role, active flag, locale; only the fields to change. */
export type UpdateContactInput = ContactChange

export interface UpdateContactDeps {
  accounts: AccountDirectory
  contacts: ContactStore
  identity: IdentityProvider
  clock: Clock
}

const otherRole = (role: ContactRole): ContactRole => (role === 'customer' ? 'customer_admin' : 'customer')

/**
 * Changes a contact: name, locale, role (customer ↔ customer admin), active (`false` deactivates:
 * no sign-in, no new cases, no mail-in). Admins any account's contacts, a customer admin its own
 * account's. A customer admin cannot deactivate or demote itself, so an account never locks out the
 * customer admin who is acting; another customer admin or the operator's admins can.
 * 1. Check the caller may administer the account (another account's id: 404).
 * 2. The contact must belong to that account (404 otherwise, the same as an unknown one).
 * 3. Refuse a customer admin's own deactivation or demotion (409).
 * 4. Apply role and active flag in the identity provider first: a deactivation takes effect at sign-in
 *    at once, and every step is idempotent and repeated on every PATCH that names the field, so a
 *    retry after a half-way failure brings both sides in line.
 * 5. Write the change, if the contact's role and active flag are still those read (409 otherwise:
 *    someone else changed it at the same moment).
 */
export async function updateContact(
  accountId: string,
  contactId: string,
  input: UpdateContactInput,
  caller: Caller,
  deps: UpdateContactDeps,
): Promise<Contact> {
  const account = await administeredAccount(caller, accountId, deps)
  const contact = await deps.contacts.findContact(contactId)
  if (!contact || contact.accountId !== account.id) {
    throw new NotFoundError(`Account ${account.id} has no contact ${contactId}.`)
  }
  if (caller.kind === 'customer' && contact.id === caller.userId) {
    if (input.active === false)
      throw new ConflictError('You cannot deactivate yourself. Another customer admin or support can.')
    if (input.role === 'customer')
      throw new ConflictError(
        'You cannot give up your own customer admin role. Another customer admin or support can.',
      )
  }

  if (input.active === false) await deps.identity.setActive(contact.id, false)
  if (input.role !== undefined) {
    // Into the new group before out of the old one: the user always has a role.
    await deps.identity.addToRole(contact.id, input.role)
    if (contact.role !== input.role) await deps.identity.removeFromRole(contact.id, otherRole(input.role))
  }
  if (input.active === true) await deps.identity.setActive(contact.id, true)

  try {
    return await deps.contacts.updateContact(contact, input, deps.clock.now().toISOString())
  } catch (error) {
    if (error instanceof StaleContactError) {
      throw new ConflictError(
        `Contact ${contactId} was changed by someone else just now. Read it again and retry.`,
      )
    }
    throw error
  }
}
