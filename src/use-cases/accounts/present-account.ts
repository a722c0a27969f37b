import { type Account, accountVersion } from '#src/domain/directory.ts'

/** An account as the API shows it: its e-mail domains always listed, its version always counted. */
export interface AccountView extends Omit<Account, 'emailDomains' | 'version'> {
  /** Contact addresses must be in one of these; none: any. */
  emailDomains: string[]
  /** Counts changes from 1; sent as `ETag`, checked against `If-Match`. */
  version: number
}

/** An account as the API shows it: every field explicit, the version counted from 1. */
export function presentAccount(account: Account): AccountView {
  return { ...account, emailDomains: account.emailDomains ?? [], version: accountVersion(account) }
}
