import { type Account, emailDomainOf, isAllowedEmail } from '#src/domain/directory.ts'
import { ConflictError, ValidationError } from '#src/domain/errors.ts'

/** The answer for an address another user holds (registering, or changing a contact's address). */
export function addressTaken(email: string): ConflictError {
  return new ConflictError(`The address ${email} is already registered. Each address belongs to one user.`)
}

/** A contact's address must lie in one of its account's e-mail domains, if the account names any (400 at `/email`). */
export function assertAddressOfAccount(account: Account, email: string): void {
  if (isAllowedEmail(account, email)) return
  throw new ValidationError(`Contacts of ${account.name} have addresses in its own e-mail domains.`, [
    {
      pointer: '/email',
      detail: `is in ${emailDomainOf(email)}, not in ${(account.emailDomains ?? []).join(', ')}`,
    },
  ])
}
