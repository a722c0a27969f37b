import type { Contact } from '#src/domain/directory.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { AccountDirectory, ContactStore } from '#src/use-cases/ports/directory.ts'
import { administeredAccount } from './access.ts'

/**
 * Lists an account's contacts by e-mail address, deactivated ones included (so they can be
 * reactivated): admins any account, a customer admin its own.
 * 1. Check the caller may administer the account (another account's id: 404).
 * 2. Read one page of the account's contacts.
 */
export async function listContacts(
  accountId: string,
  page: PageRequest,
  caller: Caller,
  deps: { accounts: AccountDirectory; contacts: ContactStore },
): Promise<Paged<Contact>> {
  const account = await administeredAccount(caller, accountId, deps)
  return deps.contacts.listContacts(account.id, page)
}
