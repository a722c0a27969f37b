import type { Contact } from '#src/domain/directory.ts'
import { IdentityUserExistsError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { errorFields, logger } from '#src/logger.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { AccountDirectory, ContactStore } from '#src/use-cases/ports/directory.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import { administeredAccount } from './access.ts'
import { addressTaken, assertAddressOfAccount } from './contact-address.ts'

/** A person to register with an account; the address is stored as given (the API lower-cases it). */
export type RegisterContactInput = Pick<Contact, 'email' | 'name' | 'role' | 'locale'>

export interface RegisterContactDeps {
  accounts: AccountDirectory
  contacts: ContactStore
  identity: IdentityProvider
  clock: Clock
}

/** Runs an undo step of a failed registration; its own failure is logged, never hides the first one. */
async function undo(step: string, ids: Record<string, string>, action: () => Promise<void>): Promise<void> {
  try {
    await action()
  } catch (error) {
    // An operator has to finish this by hand: say exactly what is left over.
    logger.error(`registering a contact failed half-way and ${step} failed too`, {
      ...ids,
      ...errorFields(error),
    })
  }
}

/**
 * Registers a contact of an account: admins any account, a customer admin its own. The user is
 * created in the identity provider first, because its id (Cognito's `sub`) is the contact's id; it
 * gets no role there until the directory holds the contact, and a user without a role may call
 * nothing, so a registration that fails half-way never leaves a user who can see the account.
 * 1. Check the caller may administer the account (another account's id: 404).
 * 2. The address must be in one of the account's e-mail domains, if it names any (400).
 * 3. The address must be free (409): checked first so no user is created for a taken address.
 * 4. Create the user in the identity provider, without a role (409 if it has the address already).
 * 5. Write the contact and claim its address in one transaction. Taken meanwhile (409) or failed:
 *    delete the user again.
 * 6. Give the user its role. Failed: remove the contact and delete the user again, so the request
 *    can simply be retried.
 */
export async function registerContact(
  accountId: string,
  input: RegisterContactInput,
  caller: Caller,
  deps: RegisterContactDeps,
): Promise<Contact> {
  const account = await administeredAccount(caller, accountId, deps)
  assertAddressOfAccount(account, input.email)
  if (await deps.contacts.findEmailOwner(input.email)) throw addressTaken(input.email)

  let userId: string
  try {
    ;({ userId } = await deps.identity.createUser({
      email: input.email,
      name: input.name,
      accountId: account.id,
      locale: input.locale,
    }))
  } catch (error) {
    if (error instanceof IdentityUserExistsError) throw addressTaken(input.email)
    throw error
  }

  const contact: Contact = {
    id: userId,
    accountId: account.id,
    email: input.email,
    name: input.name,
    role: input.role,
    active: true,
    locale: input.locale,
    createdAt: deps.clock.now().toISOString(),
  }
  const ids = { accountId: account.id, contactId: userId }
  let registered: boolean
  try {
    registered = await deps.contacts.registerContactIfAbsent(contact)
  } catch (error) {
    await undo('deleting the new user', ids, () => deps.identity.deleteUser(userId))
    throw error
  }
  if (!registered) {
    await undo('deleting the new user', ids, () => deps.identity.deleteUser(userId))
    throw addressTaken(input.email)
  }

  try {
    await deps.identity.addToRole(userId, contact.role)
  } catch (error) {
    await undo('removing the new contact', ids, () => deps.contacts.removeContact(contact))
    await undo('deleting the new user', ids, () => deps.identity.deleteUser(userId))
    throw error
  }
  return contact
}
