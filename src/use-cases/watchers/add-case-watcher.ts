import type { Case } from '#src/domain/case.ts'
import { type CaseWatcher, maxWatchersPerCase, type WatcherKind } from '#src/domain/case-watcher.ts'
import { ConflictError, NotFoundError, ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { isTerminal } from '#src/domain/lifecycle.ts'
import { actorOf, loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { ContactDirectory, StaffDirectory } from '#src/use-cases/ports/directory.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'
import { watcherEvent } from './watcher-records.ts'

export interface AddCaseWatcherInput {
  /** The contact or staff member to add; the caller when absent. */
  userId?: string | undefined
}

export interface AddCaseWatcherDeps {
  cases: CaseStore
  watchers: CaseWatcherStore
  contacts: Pick<ContactDirectory, 'findContact'>
  staff: StaffDirectory
  clock: Clock
  ids: IdGenerator
}

/**
 * Adds a watcher to a case (docs/email.md, "Watchers"): a colleague of the case's contact, or a
 * staff follower. Adding someone who watches already changes nothing and answers the watcher.
 * 1. Read the case within the caller's scope (another account's case is 404); a closed or
 *    cancelled case takes no new watchers (409).
 * 2. Resolve whom to add (the caller by default): for a customer, an active contact of its own
 *    account; for staff, an active staff member or an active contact of the case's account. Any
 *    other id (another account's contact, staff named by a customer, unknown) is 404, the same
 *    answer for all, so ids of other tenants cannot be probed.
 * 3. The case's own contact gets every mail already: 409. A case has at most 20 watchers (400).
 * 4. Write the watcher and a `case.watcher_added` event in one transaction (public for a contact,
 *    internal for a staff follower). The watcher exists already: answer it as it is.
 */
export async function addCaseWatcher(
  caseId: string,
  input: AddCaseWatcherInput,
  caller: Caller,
  deps: AddCaseWatcherDeps,
): Promise<CaseWatcher> {
  const found = await loadCase(deps.cases, caller, caseId)
  const userId = input.userId ?? caller.userId
  const kind = await watcherKindOf(userId, found, caller, deps)
  return watch(found, userId, kind, caller, deps)
}

/**
 * Adds `userId` (already checked to be `kind` and allowed) to the case: what the route and
 * mail-in's Cc share. Answers the existing watcher if there is one.
 */
export async function watch(
  found: Case,
  userId: string,
  kind: WatcherKind,
  caller: Caller,
  deps: Pick<AddCaseWatcherDeps, 'watchers' | 'clock' | 'ids'>,
): Promise<CaseWatcher> {
  if (isTerminal(found.status))
    throw new ConflictError(`Case ${found.number} is ${found.status}: it takes no new watchers.`)
  if (userId === found.contactId)
    throw new ConflictError(
      `${userId} is the contact of case ${found.number} and is sent its mail already; watchers are the contact's colleagues.`,
    )
  const current = await deps.watchers.listWatchers(found.id)
  const existing = current.find((watcher) => watcher.userId === userId)
  if (existing) return existing
  if (current.length >= maxWatchersPerCase)
    throw new ValidationError(
      `Case ${found.number} has ${maxWatchersPerCase} watchers, the most it may have.`,
      [{ pointer: '/userId', detail: `the case has ${maxWatchersPerCase} watchers already` }],
    )
  const at = deps.clock.now().toISOString()
  const watcher: CaseWatcher = {
    caseId: found.id,
    accountId: found.accountId,
    userId,
    kind,
    addedBy: caller.userId,
    addedAt: at,
  }
  const event = watcherEvent(deps.ids, found, watcher, actorOf(caller), at, 'case.watcher_added')
  if (await deps.watchers.insertWatcher({ watcher, event })) return watcher
  // Added by someone else between the read and the write: the same outcome.
  const raced = await deps.watchers.findWatcher(found.id, userId)
  if (raced) return raced
  throw new ConflictError('The watchers of this case are being changed right now. Please retry.')
}

/**
 * What kind of watcher `userId` would be, if the caller may add them: see `addCaseWatcher`, step 2.
 * Staff ids are looked up only for staff callers: a customer only ever adds contacts.
 */
async function watcherKindOf(
  userId: string,
  found: Case,
  caller: Caller,
  deps: Pick<AddCaseWatcherDeps, 'contacts' | 'staff'>,
): Promise<WatcherKind> {
  const unknown = () => new NotFoundError(`There is no one with the id ${userId} who may watch this case.`)
  if (caller.kind === 'staff') {
    const member = await deps.staff.findStaffMember(userId)
    if (member) {
      if (!member.active) throw inactive(userId)
      return 'staff'
    }
  }
  const contact = await deps.contacts.findContact(userId)
  if (!contact || contact.accountId !== found.accountId) throw unknown()
  if (!contact.active) throw inactive(userId)
  return 'contact'
}

function inactive(userId: string): ValidationError {
  return new ValidationError(`${userId} is deactivated and cannot watch cases.`, [
    { pointer: '/userId', detail: 'is deactivated' },
  ])
}
