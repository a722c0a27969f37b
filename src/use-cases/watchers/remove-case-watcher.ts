import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import { ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { actorOf, loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'
import { watcherEvent } from './watcher-records.ts'

/**
 * Removes a watcher from a case (docs/email.md, "Watchers"). Removing oneself is always allowed,
 * on any case, open or not.
 * 1. Read the case within the caller's scope (another account's case is 404) and the watcher in
 *    its partition; a customer does not see staff followers, so one is 404 to a customer, as is
 *    anyone who does not watch the case.
 * 2. Besides themselves, staff may remove anyone, a customer admin any contact; a customer only
 *    the colleagues it added itself (403 otherwise).
 * 3. Delete the watcher and write a `case.watcher_removed` event in one transaction; removed
 *    meanwhile by someone else: 404. Answer the watcher as it was.
 */
export async function removeCaseWatcher(
  caseId: string,
  userId: string,
  caller: Caller,
  deps: { cases: CaseStore; watchers: CaseWatcherStore; clock: Clock; ids: IdGenerator },
): Promise<CaseWatcher> {
  const found = await loadCase(deps.cases, caller, caseId)
  const missing = () => new NotFoundError(`${userId} does not watch case ${found.number}.`)
  const watcher = await deps.watchers.findWatcher(found.id, userId)
  if (!watcher || (caller.kind === 'customer' && watcher.kind !== 'contact')) throw missing()
  if (!mayRemove(watcher, caller))
    throw new ForbiddenError(
      'A customer removes only itself and the colleagues it added; a customer admin removes any colleague.',
    )
  const event = watcherEvent(
    deps.ids,
    found,
    watcher,
    actorOf(caller),
    deps.clock.now().toISOString(),
    'case.watcher_removed',
  )
  if (!(await deps.watchers.deleteWatcher({ watcher, event }))) throw missing()
  return watcher
}

/** Step 2 of `removeCaseWatcher`: what a caller may remove besides itself. */
function mayRemove(watcher: CaseWatcher, caller: Caller): boolean {
  if (watcher.userId === caller.userId || caller.kind === 'staff') return true
  if (caller.role === 'customer_admin') return true
  return watcher.addedBy === caller.userId
}
