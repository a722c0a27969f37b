import type { Case, CaseView } from '#src/domain/case.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import { describeSla } from '#src/domain/sla/case-sla.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'

/** The case's own fields as the API shows them: everything but the stored clock and the SLA terms. */
function viewFields(c: Case): CaseView {
  const view: Record<string, unknown> = {}
  // One copy with a plain loop: a list page presents 25 cases, and rest/spread copies cost more.
  for (const field in c) {
    if (field !== 'slaClock' && field !== 'slaTerms') view[field] = c[field as keyof Case]
  }
  return view as CaseView
}

function viewAt(c: Case, calendar: Calendar | undefined, now: Date): CaseView {
  const view = viewFields(c)
  if (c.slaClock && calendar) view.sla = describeSla(c.slaClock, c.firstResponseAt, calendar, now)
  return view
}

/**
 * The case as the API shows it at `now`: the stored clock becomes the `sla` reading, and the SLA
 * terms the case keeps for itself stay inside (docs/data-model.md).
 */
export async function presentCase(c: Case, deps: { slaSettings: SlaSettings }, now: Date): Promise<CaseView> {
  const calendar = c.slaClock ? await deps.slaSettings.calendar(c.slaClock.calendarId) : undefined
  return viewAt(c, calendar, now)
}

/** Many cases as the API shows them at `now`; each calendar they name is looked up once. */
export async function presentCases(
  cases: Case[],
  deps: { slaSettings: SlaSettings },
  now: Date,
): Promise<CaseView[]> {
  const calendarIds = [...new Set(cases.flatMap((c) => (c.slaClock ? [c.slaClock.calendarId] : [])))]
  const calendars = new Map(
    await Promise.all(calendarIds.map(async (id) => [id, await deps.slaSettings.calendar(id)] as const)),
  )
  return cases.map((c) => viewAt(c, c.slaClock && calendars.get(c.slaClock.calendarId), now))
}
