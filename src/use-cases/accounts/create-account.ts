import type { Account } from '#src/domain/directory.ts'
import { ConflictError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { AccountStore } from '#src/use-cases/ports/directory.ts'
import { assertAdmin } from './access.ts'
import { type AccountReferenceDeps, checkAccountReferences } from './account-references.ts'

/** A new customer account: its settings, and the id if the admin chooses one. */
export interface CreateAccountInput
  extends Pick<
    Account,
    | 'name'
    | 'serviceLevel'
    | 'locale'
    | 'calendarId'
    | 'slaPolicyId'
    | 'slaOverride'
    | 'slaTargetOverrides'
    | 'emailDomains'
    | 'responsibleManagerId'
    | 'accountManagerId'
    | 'escalationRecipients'
    | 'retainClosedCasesDays'
  > {
  /** The account id; default: the name as a slug. */
  id?: string | undefined
}

export interface CreateAccountDeps extends AccountReferenceDeps {
  accounts: AccountStore
  clock: Clock
  ids: IdGenerator
}

const maxSlugLength = 64

/**
 * `ACME Gruppe Österreich GmbH` → `acme-gruppe-osterreich-gmbh`: lower-case letters and digits,
 * accents dropped, everything else one dash. Empty when the name has no Latin letter or digit.
 */
export function slugOf(name: string): string {
  return name
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxSlugLength)
    .replace(/^-+|-+$/g, '')
}

/**
 * Creates a customer account (admins).
 * 1. Decide the id: the one the admin gives, else the name as a slug (a random one if the name has
 *    no Latin letter or digit). A readable id, because it is in every URL and every contact's token.
 * 2. Check what the account refers to: calendar, SLA policy, active staff members.
 * 3. Write it if the id is free; a taken id is a 409 (never an overwrite), for a derived id too:
 *    the admin then names one.
 */
export async function createAccount(
  input: CreateAccountInput,
  caller: Caller,
  deps: CreateAccountDeps,
): Promise<Account> {
  assertAdmin(caller)
  const id = input.id ?? (slugOf(input.name) || `account-${deps.ids.newId().slice(0, 8)}`)
  await checkAccountReferences(input, deps)

  const account: Account = {
    id,
    name: input.name,
    serviceLevel: input.serviceLevel,
    locale: input.locale,
    calendarId: input.calendarId,
    slaPolicyId: input.slaPolicyId,
    slaOverride: input.slaOverride,
    slaTargetOverrides: input.slaTargetOverrides,
    emailDomains: [...new Set(input.emailDomains ?? [])],
    responsibleManagerId: input.responsibleManagerId,
    accountManagerId: input.accountManagerId,
    escalationRecipients: input.escalationRecipients,
    retainClosedCasesDays: input.retainClosedCasesDays,
    version: 1,
    createdAt: deps.clock.now().toISOString(),
  }
  if (!(await deps.accounts.putAccountIfAbsent(account))) {
    throw new ConflictError(
      input.id === undefined
        ? `The account id ${id} (made from the name) is taken. Choose another one with "id".`
        : `The account id ${id} is taken. Choose another one.`,
    )
  }
  return account
}
