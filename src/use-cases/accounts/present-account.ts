import { type Account, accountVersion } from '#src/domain/directory.ts'
import type { AccountView } from '#src/http/schemas/accounts.ts'

/** An account as the API shows it: every field explicit, the version counted from 1. */
export function presentAccount(account: Account): AccountView {
  return { ...account, emailDomains: account.emailDomains ?? [], version: accountVersion(account) }
}
