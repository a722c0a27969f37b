import { NotFoundError, ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { addBusinessMinutes, type BusinessTimeExplanation } from '#src/domain/sla/business-time.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import { describeSla, explainSla, type SlaView } from '#src/domain/sla/case-sla.ts'
import type { SlaPolicy } from '#src/domain/sla/policy.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import { loadCase } from './case-events.ts'

/**
 * A case's SLA with its explanation: the business intervals that count towards the deadline and
 * the ones skipped (outside hours, weekend, the named holiday, paused).
 */
export async function getCaseSla(
  caseId: string,
  caller: Caller,
  deps: { cases: CaseStore; slaSettings: SlaSettings; clock: Clock },
): Promise<SlaView & { explanation: BusinessTimeExplanation }> {
  const c = await loadCase(deps.cases, caller, caseId)
  const calendar = c.slaClock ? await deps.slaSettings.calendar(c.slaClock.calendarId) : undefined
  if (!c.slaClock || !calendar) throw new NotFoundError(`Case ${c.number} has no SLA.`)
  return {
    ...describeSla(c.slaClock, c.firstResponseAt, calendar, deps.clock.now()),
    explanation: explainSla(c.slaClock, calendar),
  }
}

/** "We will answer by …": the deadline a target would have if a case were filed at `start`. */
export async function previewSla(
  input: { calendarId: string; start: string; targetMinutes: number },
  deps: { slaSettings: SlaSettings },
) {
  const calendar = await deps.slaSettings.calendar(input.calendarId)
  if (!calendar) {
    throw new ValidationError('There is no such calendar.', [
      { pointer: '/calendarId', detail: 'is not a known calendar' },
    ])
  }
  const start = new Date(input.start)
  const result = addBusinessMinutes({ start, minutes: input.targetMinutes, calendar })
  return {
    calendarId: input.calendarId,
    start: start.toISOString(),
    targetMinutes: input.targetMinutes,
    dueAt: (result.dueAt as Date).toISOString(),
    explanation: result.explanation,
  }
}

function sameId(pathId: string, bodyId: string): void {
  if (pathId !== bodyId) {
    throw new ValidationError('The id in the body must be the one in the path.', [
      { pointer: '/id', detail: `must be ${pathId}` },
    ])
  }
}

export async function getCalendar(calendarId: string, deps: { slaSettings: SlaSettings }): Promise<Calendar> {
  const calendar = await deps.slaSettings.calendar(calendarId)
  if (!calendar) throw new NotFoundError(`There is no calendar ${calendarId}.`)
  return calendar
}

/** Creates or replaces a calendar (admins). Open cases keep the deadline they have until their next change. */
export async function putCalendar(
  calendarId: string,
  calendar: Calendar,
  deps: { slaSettings: SlaSettings; clock: Clock },
): Promise<Calendar> {
  sameId(calendarId, calendar.id)
  await deps.slaSettings.saveCalendar(calendar, deps.clock.now().toISOString())
  return calendar
}

export async function getSlaPolicy(policyId: string, deps: { slaSettings: SlaSettings }): Promise<SlaPolicy> {
  const policy = await deps.slaSettings.policy(policyId)
  if (!policy) throw new NotFoundError(`There is no SLA policy ${policyId}.`)
  return policy
}

export async function putSlaPolicy(
  policyId: string,
  policy: SlaPolicy,
  deps: { slaSettings: SlaSettings; clock: Clock },
): Promise<SlaPolicy> {
  sameId(policyId, policy.id)
  await deps.slaSettings.savePolicy(policy, deps.clock.now().toISOString())
  return policy
}
