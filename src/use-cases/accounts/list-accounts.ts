import type { Account } from '#src/domain/directory.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { AccountStore } from '#src/use-cases/ports/directory.ts'
import { assertAdmin } from './access.ts'

/**
 * Lists every account, by name (admins).
 * 1. Only the operator's admins see all accounts.
 * 2. Read one page of the all-accounts list.
 */
export async function listAccounts(
  page: PageRequest,
  caller: Caller,
  deps: { accounts: AccountStore },
): Promise<Paged<Account>> {
  assertAdmin(caller)
  return deps.accounts.listAccounts(page)
}
