import type { Case } from '#src/domain/case.ts'
import { type Calendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { type SlaActivity, type SlaClock, type SlaContext, startClock } from '#src/domain/sla/case-sla.ts'
import { defaultSlaPolicy, type SlaPolicy, type TargetTerms } from '#src/domain/sla/policy.ts'
import { followSla } from '#src/use-cases/case-sla.ts'

/**
 * SLA fixtures for use-case tests: clocks and cases made by the engine itself, on the built-in
 * calendar and policy (version 1 of each, as `InMemorySlaSettings` holds them), so a test states
 * where a clock stands without re-implementing how it got there.
 */

/** What the engine reads for an acme case (premium) on the built-in vienna calendar and default policy. */
export function builtInSlaContext(
  options: { calendar?: Calendar; policy?: SlaPolicy; terms?: TargetTerms } = {},
): SlaContext {
  const calendar = options.calendar ?? viennaCalendar
  const policy = options.policy ?? defaultSlaPolicy
  return {
    terms: options.terms ?? { serviceLevel: 'premium' },
    latest: {
      calendarId: calendar.id,
      calendarVersion: 1,
      calendar,
      policyId: policy.id,
      policyVersion: 1,
      policy,
    },
    calendarOf: () => calendar,
    policyOf: () => policy,
  }
}

/** A clock started at `startedAt` with `targetMinutes`, as the engine starts one on the built-in versions. */
export function aRunningClock(startedAt: string, targetMinutes: number): SlaClock {
  return startClock(startedAt, targetMinutes, builtInSlaContext())
}

/**
 * The case after a change at `at` (`change`: its new fields, `activity`: what happened besides),
 * with its clocks following as the use cases make them follow.
 */
export function changedAt(
  before: Case,
  at: string,
  change: Partial<Case> = {},
  activity: SlaActivity = {},
  context: SlaContext = builtInSlaContext(),
): Case {
  const after: Case = { ...before, ...change, version: before.version + 1, updatedAt: at }
  return followSla(before, after, context, activity).next
}

/** A second version of vienna for version tests: the desk stays open until 20:00 on every weekday. */
const lateDesk = [{ start: '08:00', end: '20:00' }]
export const lateDeskVienna: Calendar = {
  ...viennaCalendar,
  name: 'Vienna, late desk',
  weeklyHours: {
    ...viennaCalendar.weeklyHours,
    mon: lateDesk,
    tue: lateDesk,
    wed: lateDesk,
    thu: lateDesk,
    fri: lateDesk,
  },
}

/** The single running first-response clock a case was stored with before there were several. */
export function aLegacyRunningClock(startedAt: string, dueAt: string) {
  return { calendarId: 'vienna', targetMinutes: 120, startedAt, pauses: [], dueAt, state: 'running' as const }
}
