import type { Account } from '#src/domain/directory.ts'
import { PreconditionFailedError, StaleAccountError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { AccountChange, AccountStore } from '#src/use-cases/ports/directory.ts'
import { assertAdmin, noSuchAccount } from './access.ts'
import { type AccountReferenceDeps, checkAccountReferences } from './account-references.ts'

/** A `PATCH` of an account: only the fields to change; `null` clears an optional one. */
export type UpdateAccountInput = AccountChange

export interface UpdateAccountDeps extends AccountReferenceDeps {
  accounts: AccountStore
  clock: Clock
}

/**
 * Changes an account's settings (admins). Only the named fields change, in one conditional write
 * that counts the version up, so two admins changing different fields at once both keep their
 * change; with `If-Match` the change applies only to the version the admin read (412 otherwise).
 * 1. Only the operator's admins change accounts.
 * 2. Check what the change refers to: calendar, SLA policy, active staff members.
 * 3. Apply it atomically; an unknown account is 404, a stale `If-Match` 412.
 *
 * New e-mail domains apply to contacts registered from now on; existing contacts keep their addresses.
 */
export async function updateAccount(
  accountId: string,
  expectedVersion: number | undefined,
  input: UpdateAccountInput,
  caller: Caller,
  deps: UpdateAccountDeps,
): Promise<Account> {
  assertAdmin(caller)
  await checkAccountReferences(input, deps)
  const change = {
    ...input,
    ...(input.emailDomains && { emailDomains: [...new Set(input.emailDomains)] }),
  }
  try {
    const updated = await deps.accounts.updateAccount(accountId, change, {
      at: deps.clock.now().toISOString(),
      expectedVersion,
    })
    if (!updated) throw noSuchAccount(accountId)
    return updated
  } catch (error) {
    if (error instanceof StaleAccountError) {
      throw new PreconditionFailedError(
        `Account ${accountId} has changed since you read it. Read it again, then retry with its new ETag.`,
      )
    }
    throw error
  }
}
