import type { Case, CaseView } from '#src/domain/case.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import { clocksOf, describeSla } from '#src/domain/sla/case-sla.ts'
import type { SlaClock } from '#src/domain/sla/sla-clock.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'

/** The case's own fields as the API shows them: everything but the stored clocks and the SLA terms. */
function viewFields(c: Case): CaseView {
  const view: Record<string, unknown> = {}
  // One copy with a plain loop: a list page presents 25 cases, and rest/spread copies cost more.
  for (const field in c) {
    if (field !== 'slaClocks' && field !== 'slaClock' && field !== 'slaTerms')
      view[field] = c[field as keyof Case]
  }
  return view as CaseView
}

function viewAt(c: Case, calendar: Calendar | undefined, now: Date): CaseView {
  const view = viewFields(c)
  const sla = calendar && describeSla(c, calendar, now)
  if (sla) view.sla = sla
  return view
}

/** The clock whose elapsed time the case view shows: the first response's. */
const shownClock = (c: Case): SlaClock | undefined => clocksOf(c).first_response
const calendarKey = (clock: SlaClock) => `${clock.calendarId}@${clock.calendarVersion ?? ''}`

async function calendarOf(clock: SlaClock, deps: { slaSettings: SlaSettings }) {
  return (await deps.slaSettings.calendar(clock.calendarId, clock.calendarVersion))?.definition
}

/**
 * The case as the API shows it at `now`: the stored clocks become the `sla` reading, and the SLA
 * terms the case keeps for itself stay inside (docs/data-model.md).
 */
export async function presentCase(c: Case, deps: { slaSettings: SlaSettings }, now: Date): Promise<CaseView> {
  const clock = shownClock(c)
  return viewAt(c, clock && (await calendarOf(clock, deps)), now)
}

/** Many cases as the API shows them at `now`; each calendar version they name is looked up once. */
export async function presentCases(
  cases: Case[],
  deps: { slaSettings: SlaSettings },
  now: Date,
): Promise<CaseView[]> {
  const clocks = new Map<string, SlaClock>()
  for (const c of cases) {
    const clock = shownClock(c)
    if (clock) clocks.set(calendarKey(clock), clock)
  }
  const calendars = new Map(
    await Promise.all([...clocks].map(async ([key, clock]) => [key, await calendarOf(clock, deps)] as const)),
  )
  return cases.map((c) => {
    const clock = shownClock(c)
    return viewAt(c, clock && calendars.get(calendarKey(clock)), now)
  })
}
