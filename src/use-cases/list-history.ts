import type { CaseEvent } from '#src/domain/case.ts'
import { customFieldChangePrefix, isChangeShownToCustomers } from '#src/domain/custom-field-values.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import { type Caller, scopeOf } from '#src/domain/identity.ts'
import type { CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'

/**
 * A case's history, oldest first: every change as an event (actor, time, action, before → after).
 * Customers don't see events about internal notes, nor the changes of custom fields they may not
 * see (docs/custom-fields.md).
 * 1. One read: the store checks the case's scope on the first page (404 for a missing or another
 *    account's case, as `loadCase`); a later page's cursor is bound to the scope it was issued for.
 * 2. For a customer, leave out the hidden custom field changes (the catalogue is read only when the
 *    page has any custom field change), and an event that had no other change; and which routing
 *    rule chose a new case's queue (queue configuration is staff's, docs/queues.md).
 */
export async function listHistory(
  caseId: string,
  page: PageRequest,
  caller: Caller,
  deps: { cases: CaseStore; caseFields: CaseFieldCatalogue },
): Promise<Paged<CaseEvent>> {
  const events = await deps.cases.listEvents(scopeOf(caller), caseId, {
    ...page,
    includeInternal: caller.kind === 'staff',
  })
  if (!events) throw new NotFoundError(`There is no case ${caseId}.`)
  if (caller.kind === 'staff') return events
  const customerEvents = { ...events, items: events.items.map(withoutRouting) }
  return withoutHiddenFields(customerEvents, deps)
}

/** An event without the routing details a filing keeps for staff. */
function withoutRouting(event: CaseEvent): CaseEvent {
  if (event.details?.routing === undefined) return event
  const { routing: _routing, ...details } = event.details
  const { details: _details, ...rest } = event
  return Object.keys(details).length > 0 ? { ...rest, details } : rest
}

/** A customer's page without the changes of custom fields customers may not see. */
async function withoutHiddenFields(
  events: Paged<CaseEvent>,
  deps: { caseFields: CaseFieldCatalogue },
): Promise<Paged<CaseEvent>> {
  const customChange = (change: CaseEvent['changes'][number]) =>
    change.internal || change.field.startsWith(customFieldChangePrefix)
  if (!events.items.some((event) => event.changes.some(customChange))) return events
  const byKey = new Map((await deps.caseFields.listFields()).map((field) => [field.key, field]))
  const items: CaseEvent[] = []
  for (const event of events.items) {
    const changes = event.changes.filter((change) => isChangeShownToCustomers(change, byKey))
    if (changes.length === 0 && event.changes.length > 0) continue
    items.push(changes.length === event.changes.length ? event : { ...event, changes })
  }
  return { ...events, items }
}
