import type { Account } from '#src/domain/directory.ts'
import type { Caller } from '#src/domain/identity.ts'
import { type AccountAccessDeps, administeredAccount } from './access.ts'

/**
 * Reads one account: admins any, a customer admin its own.
 * 1. Check the caller may administer the account (another account's id: 404).
 * 2. Answer it.
 */
export async function getAccount(
  accountId: string,
  caller: Caller,
  deps: AccountAccessDeps,
): Promise<Account> {
  return administeredAccount(caller, accountId, deps)
}
