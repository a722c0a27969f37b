import type { Case, CaseView } from '#src/domain/case.ts'
import { describeSla } from '#src/domain/sla/case-sla.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'

/**
 * The case as the API shows it at `now`: the stored clock becomes the `sla` reading, and the SLA
 * terms the case keeps for itself stay inside (docs/data-model.md).
 */
export async function presentCase(c: Case, deps: { slaSettings: SlaSettings }, now: Date): Promise<CaseView> {
  const { slaClock, slaTerms: _internal, ...rest } = c
  if (!slaClock) return rest
  const calendar = await deps.slaSettings.calendar(slaClock.calendarId)
  if (!calendar) return rest
  return { ...rest, sla: describeSla(slaClock, c.firstResponseAt, calendar, now) }
}

/** Many cases as the API shows them at `now`. */
export async function presentCases(
  cases: Case[],
  deps: { slaSettings: SlaSettings },
  now: Date,
): Promise<CaseView[]> {
  return Promise.all(cases.map((c) => presentCase(c, deps, now)))
}
