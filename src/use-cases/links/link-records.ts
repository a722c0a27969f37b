import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import { ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Actor } from '#src/domain/lifecycle.ts'
import type { IdGenerator } from '#src/use-cases/ports/common.ts'

/** Helpers shared by the link use cases. */

/** Linking and unlinking are support's work; customers only read the links of their cases. */
export function assertStaff(caller: Caller): void {
  if (caller.kind !== 'staff') throw new ForbiddenError('Only support staff link and unlink cases.')
}

/**
 * The history event of one side of a link, in that case's event stream. A link between two
 * accounts' cases is internal on both sides: a customer sees neither the link nor its history.
 */
export function linkEvent(
  ids: IdGenerator,
  side: CaseLink,
  actor: Actor,
  at: string,
  event: { type: 'case.linked' | 'case.unlinked'; action: 'link' | 'unlink' },
): CaseEvent {
  return {
    id: ids.newId(),
    caseId: side.caseId,
    accountId: side.accountId,
    type: event.type,
    action: event.action,
    actor,
    at,
    visibility: side.accountId === side.linkedAccountId ? 'public' : 'internal',
    changes: [],
    details: {
      linkId: side.id,
      kind: side.kind,
      linkedCaseId: side.linkedCaseId,
      linkedCaseNumber: side.linkedCaseNumber,
    },
  }
}

/** `case` as the other side of a link names it. */
export function linkedCaseOf(
  c: Case,
): Pick<CaseLink, 'linkedCaseId' | 'linkedCaseNumber' | 'linkedAccountId'> {
  return { linkedCaseId: c.id, linkedCaseNumber: c.number, linkedAccountId: c.accountId }
}
