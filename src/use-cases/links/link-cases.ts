import { type CaseLink, inverseOf, type LinkKind, linkIdOf } from '#src/domain/case-link.ts'
import { ConflictError, ValidationError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import { actorOf, loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { CaseLinkStore } from '#src/use-cases/ports/links.ts'
import { assertStaff, linkEvent, linkedCaseOf } from './link-records.ts'

/**
 * Links a case to another one (staff).
 * 1. Staff only; read the case (404 if missing).
 * 2. The other case must exist and not be this one (400 naming `/caseId`); it may be of another
 *    account (then the link and its history are staff-only).
 * 3. Write both sides (this case's `kind`, the other's inverse) and a `case.linked` event in each
 *    case's history, in one transaction. The link's id comes from the pair, so a pair that is
 *    already linked (in either direction, of any kind) writes nothing and answers 409.
 */
export async function linkCases(
  caseId: string,
  input: { kind: LinkKind; caseId: string },
  caller: Caller,
  deps: { cases: CaseStore; links: CaseLinkStore; clock: Clock; ids: IdGenerator },
): Promise<CaseLink> {
  assertStaff(caller)
  const source = await loadCase(deps.cases, caller, caseId)
  if (input.caseId === source.id)
    throw new ValidationError('A case cannot be linked to itself.', [
      { pointer: '/caseId', detail: 'is this case itself' },
    ])
  const target = await deps.cases.findCase(scopeOf(caller), input.caseId)
  if (!target)
    throw new ValidationError(`There is no case ${input.caseId} to link to.`, [
      { pointer: '/caseId', detail: 'is not a case' },
    ])
  const at = deps.clock.now().toISOString()
  const id = linkIdOf(source.id, target.id)
  const common = { id, createdBy: caller.userId, createdAt: at }
  const side: CaseLink = {
    ...common,
    caseId: source.id,
    accountId: source.accountId,
    kind: input.kind,
    ...linkedCaseOf(target),
  }
  const twin: CaseLink = {
    ...common,
    caseId: target.id,
    accountId: target.accountId,
    kind: inverseOf(input.kind),
    ...linkedCaseOf(source),
  }
  const actor = actorOf(caller)
  const linked = { type: 'case.linked', action: 'link' } as const
  const written = await deps.links.insertLink({
    sides: [side, twin],
    events: [linkEvent(deps.ids, side, actor, at, linked), linkEvent(deps.ids, twin, actor, at, linked)],
  })
  if (!written) {
    const existing = await deps.links.findLink(source.id, id)
    throw new ConflictError(
      `Case ${source.number} is already linked to ${target.number}${existing ? ` (${existing.kind})` : ''}: remove that link first to link them otherwise.`,
    )
  }
  return side
}
