import type { Account, Contact } from '#src/domain/directory.ts'
import { ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { AccountDirectory, ContactDirectory } from '#src/use-cases/ports/directory.ts'

export interface AccountAccessDeps {
  accounts: AccountDirectory
  contacts: ContactDirectory
}

export const noSuchAccount = (accountId: string) => new NotFoundError(`There is no account ${accountId}.`)

/**
 * Whether a customer still is its account's customer admin: the token says so, and so does its
 * contact record now. Tokens live an hour, and a customer admin who was deactivated or demoted
 * meanwhile must not administer anything any more. `refusal` says what a plain customer may not do.
 */
export async function confirmCustomerAdmin(
  caller: Extract<Caller, { kind: 'customer' }>,
  contacts: Pick<ContactDirectory, 'findContact'>,
  refusal: string,
): Promise<void> {
  if (caller.role !== 'customer_admin') throw new ForbiddenError(refusal)
  const self = await contacts.findContact(caller.userId)
  if (!self || self.accountId !== caller.accountId || !self.active) {
    throw new ForbiddenError(
      'Your contact is not registered or has been deactivated. Ask your customer admin.',
    )
  }
  if (self.role !== 'customer_admin') {
    throw new ForbiddenError('You are no longer a customer admin of your account. Sign in again.')
  }
}

/**
 * The account a caller may administer, or why not: the operator's admins any account, a customer
 * admin only its own. Another account's id answers 404 like an unknown one, so ids of other
 * tenants reveal nothing. A customer admin's token is trusted only together with its contact
 * record: tokens live an hour, and a customer admin who was deactivated or demoted meanwhile must
 * not manage the account any more.
 * 1. Staff: admins only. Customers: customer admins only, whose contact is still an active customer admin.
 * 2. A customer admin names its own account, else 404.
 * 3. The account exists, else 404.
 */
export async function administeredAccount(
  caller: Caller,
  accountId: string,
  deps: AccountAccessDeps,
): Promise<Account> {
  if (caller.kind === 'staff') {
    if (caller.role !== 'admin') throw new ForbiddenError('Only admins and customer admins manage accounts.')
  } else {
    await confirmCustomerAdmin(
      caller,
      deps.contacts,
      "Only your account's customer admins manage its contacts.",
    )
    if (accountId !== caller.accountId) throw noSuchAccount(accountId)
  }
  const account = await deps.accounts.findAccount(accountId)
  if (!account) throw noSuchAccount(accountId)
  return account
}

/**
 * A contact the caller may administer, with its account: `administeredAccount`, then the contact,
 * which must belong to that account (404 otherwise, the same as an unknown one).
 */
export async function administeredContact(
  caller: Caller,
  accountId: string,
  contactId: string,
  deps: AccountAccessDeps,
): Promise<{ account: Account; contact: Contact }> {
  const account = await administeredAccount(caller, accountId, deps)
  const contact = await deps.contacts.findContact(contactId)
  if (!contact || contact.accountId !== account.id) {
    throw new NotFoundError(`Account ${account.id} has no contact ${contactId}.`)
  }
  return { account, contact }
}

/** The operator's admins only (list, create and change accounts). */
export function assertAdmin(caller: Caller): void {
  if (caller.kind !== 'staff' || caller.role !== 'admin') {
    throw new ForbiddenError('Only admins manage accounts.')
  }
}
