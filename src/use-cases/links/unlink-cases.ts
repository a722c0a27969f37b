import { type CaseLink, otherSideOf } from '#src/domain/case-link.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { actorOf, loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { CaseLinkStore } from '#src/use-cases/ports/links.ts'
import { assertStaff, linkEvent } from './link-records.ts'

/**
 * Removes a link, from either of its cases (staff).
 * 1. Staff only; read the case and the link in its partition (404 for either missing).
 * 2. Delete both sides and write a `case.unlinked` event in each case's history, in one
 *    transaction; a side removed meanwhile by someone else writes nothing and answers 404.
 * 3. Answer the link as this case saw it.
 */
export async function unlinkCases(
  caseId: string,
  linkId: string,
  caller: Caller,
  deps: { cases: CaseStore; links: CaseLinkStore; clock: Clock; ids: IdGenerator },
): Promise<CaseLink> {
  assertStaff(caller)
  const found = await loadCase(deps.cases, caller, caseId)
  const side = await deps.links.findLink(found.id, linkId)
  const missing = () => new NotFoundError(`Case ${found.number} has no link ${linkId}.`)
  if (!side) throw missing()
  const twin = otherSideOf(side, found.number)
  const at = deps.clock.now().toISOString()
  const actor = actorOf(caller)
  const unlinked = { type: 'case.unlinked', action: 'unlink' } as const
  const removed = await deps.links.deleteLink({
    sides: [side, twin],
    events: [linkEvent(deps.ids, side, actor, at, unlinked), linkEvent(deps.ids, twin, actor, at, unlinked)],
  })
  if (!removed) throw missing()
  return side
}
