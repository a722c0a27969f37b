import type { Case, CaseView } from '#src/domain/case.ts'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import { type FieldAudience, visibleValues } from '#src/domain/custom-field-values.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import { clocksOf, describeSla } from '#src/domain/sla/case-sla.ts'
import type { SlaClock } from '#src/domain/sla/sla-clock.ts'
import type { CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'

/** What presenting a case reads: the calendar of its clock, and the catalogue when it has custom field values. */
export interface PresentCaseDeps {
  slaSettings: SlaSettings
  caseFields: CaseFieldCatalogue
}

/** The reader a view is for: staff, or a contact of the case's account (docs/custom-fields.md). */
type Reader = FieldAudience

/** Stored fields the API never shows: the clocks (shown as `sla`), the SLA terms and the labels. */
const storedOnly = new Set(['slaClocks', 'slaClock', 'slaTerms', 'labels'])

/**
 * The case's own fields as `reader` sees them: everything but what is stored only, and for
 * customers without support's tags (docs/data-model.md, "Labels").
 */
function viewFields(c: Case, reader: Reader): CaseView {
  const view: Record<string, unknown> = {}
  // One copy with a plain loop: a list page presents 25 cases, and rest/spread copies cost more.
  for (const field in c) {
    if (!storedOnly.has(field) && (reader === 'staff' || field !== 'tags'))
      view[field] = c[field as keyof Case]
  }
  return view as CaseView
}

function viewAt(
  c: Case,
  calendar: Calendar | undefined,
  now: Date,
  fields: ReadonlyMap<string, CaseFieldDefinition>,
  reader: Reader,
): CaseView {
  const view = viewFields(c, reader)
  const sla = calendar && describeSla(c, calendar, now)
  if (sla) view.sla = sla
  // Only the values of active fields the reader may see; none left: no `customFields` at all.
  const shown = visibleValues(c.customFields, fields, reader)
  if (shown) view.customFields = shown
  else delete view.customFields
  return view
}

/** The catalogue by key, read only when a case to present has custom field values. */
async function catalogueFor(cases: readonly Case[], deps: PresentCaseDeps) {
  if (!cases.some((c) => c.customFields)) return new Map<string, CaseFieldDefinition>()
  return new Map((await deps.caseFields.listFields()).map((field) => [field.key, field]))
}

/** The clock whose elapsed time the case view shows: the first response's. */
const shownClock = (c: Case): SlaClock | undefined => clocksOf(c).first_response
const calendarKey = (clock: SlaClock) => `${clock.calendarId}@${clock.calendarVersion ?? ''}`

async function calendarOf(clock: SlaClock, deps: { slaSettings: SlaSettings }) {
  return (await deps.slaSettings.calendar(clock.calendarId, clock.calendarVersion))?.definition
}

/**
 * The case as `reader` sees it at `now`: the stored clocks become the `sla` reading, the SLA terms
 * the case keeps for itself stay inside (docs/data-model.md), and of its custom field values only
 * those of active fields the reader may see are shown (docs/custom-fields.md).
 */
export async function presentCase(
  c: Case,
  deps: PresentCaseDeps,
  now: Date,
  reader: Reader,
): Promise<CaseView> {
  const clock = shownClock(c)
  const [calendar, fields] = await Promise.all([clock && calendarOf(clock, deps), catalogueFor([c], deps)])
  return viewAt(c, calendar, now, fields, reader)
}

/** Many cases as `reader` sees them at `now`; each calendar version they name is looked up once. */
export async function presentCases(
  cases: Case[],
  deps: PresentCaseDeps,
  now: Date,
  reader: Reader,
): Promise<CaseView[]> {
  const clocks = new Map<string, SlaClock>()
  for (const c of cases) {
    const clock = shownClock(c)
    if (clock) clocks.set(calendarKey(clock), clock)
  }
  const [calendars, fields] = await Promise.all([
    Promise.all([...clocks].map(async ([key, clock]) => [key, await calendarOf(clock, deps)] as const)).then(
      (entries) => new Map(entries),
    ),
    catalogueFor(cases, deps),
  ])
  return cases.map((c) => {
    const clock = shownClock(c)
    return viewAt(c, clock && calendars.get(calendarKey(clock)), now, fields, reader)
  })
}
