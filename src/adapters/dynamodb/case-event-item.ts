import type { CaseEvent } from '#src/domain/case.ts'
import { caseEventKeys, isContactRole, personEntry } from './keys.ts'

/** The item a case event is stored as; the table stream hands the same shape to the event handler. */
export function caseEventItem(event: CaseEvent, position = 0): Record<string, unknown> {
  return {
    ...caseEventKeys.item(event.caseId, event.at, event.id, position),
    // A contact's own event is theirs to export and erase (docs/privacy.md); staff and timers' are not.
    ...(isContactRole(event.actor.role) ? personEntry(event.actor.userId, 'event', event.at) : {}),
    entity: 'caseEvent',
    ...event,
  }
}

/** The entity tag of case-event items: what the event handler picks out of the stream. */
export const caseEventEntity = 'caseEvent'

/** The entity tag of case items: the event handler moves a case's timers when one changes. */
export const caseEntity = 'case'
