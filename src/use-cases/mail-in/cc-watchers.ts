import type { Case } from '#src/domain/case.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { Caller } from '#src/domain/identity.ts'
import { isTerminal } from '#src/domain/lifecycle.ts'
import { logger } from '#src/logger.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { ContactDirectory, EmailOwnerDirectory } from '#src/use-cases/ports/directory.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'
import { watch } from '#src/use-cases/watchers/add-case-watcher.ts'
import { isOwnAddress } from './screening.ts'

/** How many Cc addresses are looked up at most: a crafted header cannot cost more. */
const maxCcLookups = 10

export interface CcWatcherDeps {
  contacts: ContactDirectory & EmailOwnerDirectory
  watchers: CaseWatcherStore
  mailSettings: { from: string; replyDomain: string }
  clock: Clock
  ids: IdGenerator
}

/**
 * Makes the registered colleagues in Cc of a received mail watchers of its case (docs/email.md,
 * "Watchers"), added by the sender, as if the sender had added them with the API.
 * 1. Only an open case; at most 10 Cc addresses, none of ours (the support address, the reply
 *    domain) and not the sender's.
 * 2. Only an address of an active contact of the case's own account, not the case's contact:
 *    unregistered people and other accounts' contacts are passed over silently (no mail to them,
 *    no trace in the case), so a Cc never tells the sender who is registered elsewhere.
 * 3. Add each (adding a watcher twice changes nothing, so a retried message adds nobody twice); a
 *    case that has its 20 watchers takes no more, and the mail is taken in all the same.
 */
export async function watchersFromCc(
  target: Case,
  cc: readonly string[],
  sender: Extract<Caller, { kind: 'customer' }>,
  deps: CcWatcherDeps,
): Promise<CaseWatcher[]> {
  if (isTerminal(target.status)) return []
  const addresses = [...new Set(cc.map((address) => address.trim().toLowerCase()))]
    .filter(
      (address) =>
        address !== '' && address !== sender.email.toLowerCase() && !isOwnAddress(address, deps.mailSettings),
    )
    .slice(0, maxCcLookups)
  const added: CaseWatcher[] = []
  for (const address of addresses) {
    const owner = await deps.contacts.findEmailOwner(address)
    if (owner?.kind !== 'contact' || owner.userId === target.contactId) continue
    const contact = await deps.contacts.findContact(owner.userId)
    if (!contact?.active || contact.accountId !== target.accountId) continue
    try {
      added.push(await watch(target, contact.id, 'contact', sender, deps))
    } catch (error) {
      // The one refusal left is a full case: the mail itself still counts.
      logger.warn('a colleague in Cc was not added as a watcher', {
        caseId: target.id,
        contactId: contact.id,
        reason: error instanceof Error ? error.message : String(error),
      })
    }
  }
  return added
}
