import { NotFoundError, ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { addBusinessMinutes, type BusinessTimeExplanation } from '#src/domain/sla/business-time.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import { clocksOf, describeSla, readClock } from '#src/domain/sla/case-sla.ts'
import { type SlaPolicy, targetMinutesOf, warningShareOf } from '#src/domain/sla/policy.ts'
import { type SlaClockReading, type SlaTarget, type SlaView, slaTargets } from '#src/domain/sla/sla-clock.ts'
import type { ServiceLevel, Severity } from '#src/domain/vocabulary.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type {
  SettingVersion,
  SlaSettings,
  SlaSettingsAdmin,
  SlaSettingVersions,
} from '#src/use-cases/ports/sla.ts'
import { loadCase } from './case-events.ts'

export type ClockDetail = SlaClockReading & { explanation: BusinessTimeExplanation }

/**
 * A case's SLA: every clock with the explanation of its deadline (the business intervals that
 * count and the ones skipped: outside hours, weekend, the named holiday, paused and why), on the
 * calendar and policy versions it keeps. The first-response clock's reading also stands at the top,
 * as the case view shows it.
 */
export async function getCaseSla(
  caseId: string,
  caller: Caller,
  deps: { cases: CaseStore; slaSettings: SlaSettings; clock: Clock },
): Promise<Omit<SlaView, 'clocks'> & { explanation: BusinessTimeExplanation; clocks: ClockDetail[] }> {
  const c = await loadCase(deps.cases, caller, caseId)
  const clocks = clocksOf(c)
  const now = deps.clock.now()
  // Each clock on the calendar version it keeps, read once.
  const read = await Promise.all(
    slaTargets.flatMap((target) => {
      const clock = clocks[target]
      if (!clock) return []
      return [
        deps.slaSettings
          .calendar(clock.calendarId, clock.calendarVersion)
          .then(
            (calendar) =>
              calendar && { target, detail: readClock(target, clock, calendar.definition, now), calendar },
          ),
      ]
    }),
  )
  const found = read.filter((entry) => entry !== undefined)
  const first = found.find((entry) => entry.target === 'first_response')
  const view = first && describeSla(c, first.calendar.definition, now)
  if (!view || !first) throw new NotFoundError(`Case ${c.number} has no SLA.`)
  return { ...view, explanation: first.detail.explanation, clocks: found.map((entry) => entry.detail) }
}

export interface PreviewInput {
  calendarId: string
  start: string
  target?: SlaTarget | undefined
  /** Minutes given outright; otherwise the policy's target for `serviceLevel` and `severity`. */
  targetMinutes?: number | undefined
  policyId?: string | undefined
  serviceLevel?: ServiceLevel | undefined
  severity?: Severity | undefined
  pauses?: { start: string; end?: string | undefined; reason?: string | undefined }[] | undefined
}

/** The minutes a preview counts and the policy version they come from, if any. */
async function previewTarget(input: PreviewInput, target: SlaTarget, deps: { slaSettings: SlaSettings }) {
  const policyId = input.policyId ?? 'default'
  const policy = await deps.slaSettings.policy(policyId)
  if (input.targetMinutes !== undefined) return { minutes: input.targetMinutes, policy }
  if (!input.serviceLevel || !input.severity) {
    throw new ValidationError(
      'Say how many minutes to count, or the service level and severity whose target to use.',
      [{ pointer: '/targetMinutes', detail: 'is required without serviceLevel and severity' }],
    )
  }
  if (!policy) {
    throw new ValidationError('There is no such SLA policy.', [
      { pointer: '/policyId', detail: 'is not a known SLA policy' },
    ])
  }
  const minutes = targetMinutesOf(
    policy.definition,
    target,
    { serviceLevel: input.serviceLevel },
    input.severity,
  )
  if (minutes === undefined) {
    throw new ValidationError(`The policy sets no ${target} target for this service level and severity.`, [
      { pointer: '/target', detail: `has no target for ${input.serviceLevel} ${input.severity} cases` },
    ])
  }
  return { minutes, policy }
}

/**
 * "We will answer by …": when a target would be due if its clock started at `start`, with the
 * pauses given (a case waiting on the customer, say), on the latest calendar version.
 */
export async function previewSla(input: PreviewInput, deps: { slaSettings: SlaSettings }) {
  const calendar = await deps.slaSettings.calendar(input.calendarId)
  if (!calendar) {
    throw new ValidationError('There is no such calendar.', [
      { pointer: '/calendarId', detail: 'is not a known calendar' },
    ])
  }
  const target = input.target ?? 'first_response'
  const { minutes, policy } = await previewTarget(input, target, deps)
  const start = new Date(input.start)
  const pauses = (input.pauses ?? []).map((pause, index) => {
    const pauseStart = new Date(pause.start)
    const end = pause.end === undefined ? undefined : new Date(pause.end)
    if (end && end < pauseStart) {
      throw new ValidationError('A pause must not end before it starts.', [
        { pointer: `/pauses/${index}/end`, detail: 'is before its start' },
      ])
    }
    return { start: pauseStart, end, reason: pause.reason }
  })
  const counted = (count: number) =>
    addBusinessMinutes({ start, minutes: count, calendar: calendar.definition, pauses })
  const result = counted(minutes)
  const share = warningShareOf(policy?.definition ?? ({} as SlaPolicy))
  return {
    calendarId: input.calendarId,
    calendarVersion: calendar.version,
    ...(policy ? { policy: { id: policy.definition.id, version: policy.version } } : {}),
    target,
    start: start.toISOString(),
    targetMinutes: minutes,
    dueAt: result.dueAt?.toISOString() ?? null,
    warnAt: counted(Math.floor(minutes * share)).dueAt?.toISOString() ?? null,
    ...(result.pausedSince ? { pausedSince: result.pausedSince.toISOString() } : {}),
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

/** A calendar or policy version as the API shows it: the definition with its version and when it was saved. */
export type VersionedView<T> = T & { version: number; savedAt: string | null }

/** A definition as stored: without the version fields a client may send back from a GET. */
function definitionOf<T extends object>(body: T & { version?: unknown; savedAt?: unknown }): T {
  const { version: _, savedAt: __, ...definition } = body
  return definition as T
}

function viewOf<T>(setting: SettingVersion<T>): VersionedView<T> {
  return { ...setting.definition, version: setting.version, savedAt: setting.savedAt ?? null }
}

/** A calendar's latest version, or the version asked for. */
export async function getCalendar(
  calendarId: string,
  deps: { slaSettings: SlaSettings },
  version?: number,
): Promise<VersionedView<Calendar>> {
  const calendar = await deps.slaSettings.calendar(calendarId, version)
  if (!calendar) {
    throw new NotFoundError(`There is no calendar ${calendarId}${version ? ` in version ${version}` : ''}.`)
  }
  return viewOf(calendar)
}

/**
 * Saves a calendar as its next version (admins). Clocks that are running keep the version they
 * started on; clocks that start from now on count on this one (docs/sla.md, "Versions").
 */
export async function putCalendar(
  calendarId: string,
  body: Calendar & { version?: unknown; savedAt?: unknown },
  deps: { slaSettings: SlaSettingsAdmin; clock: Clock },
): Promise<VersionedView<Calendar>> {
  sameId(calendarId, body.id)
  return viewOf(await deps.slaSettings.saveCalendar(definitionOf(body), deps.clock.now().toISOString()))
}

/** A calendar's versions, newest first. */
export async function listCalendarVersions(
  calendarId: string,
  page: PageRequest,
  deps: { slaVersions: SlaSettingVersions },
): Promise<Paged<VersionedView<Calendar>>> {
  const versions = await deps.slaVersions.listCalendarVersions(calendarId, page)
  if (!versions) throw new NotFoundError(`There is no calendar ${calendarId}.`)
  return { items: versions.items.map(viewOf), nextCursor: versions.nextCursor }
}

/** A policy's latest version, or the version asked for. */
export async function getSlaPolicy(
  policyId: string,
  deps: { slaSettings: SlaSettings },
  version?: number,
): Promise<VersionedView<SlaPolicy>> {
  const policy = await deps.slaSettings.policy(policyId, version)
  if (!policy) {
    throw new NotFoundError(`There is no SLA policy ${policyId}${version ? ` in version ${version}` : ''}.`)
  }
  return viewOf(policy)
}

/** Saves a policy as its next version (admins); running clocks keep theirs, as with calendars. */
export async function putSlaPolicy(
  policyId: string,
  body: SlaPolicy & { version?: unknown; savedAt?: unknown },
  deps: { slaSettings: SlaSettingsAdmin; clock: Clock },
): Promise<VersionedView<SlaPolicy>> {
  sameId(policyId, body.id)
  return viewOf(await deps.slaSettings.savePolicy(definitionOf(body), deps.clock.now().toISOString()))
}

/** A policy's versions, newest first. */
export async function listSlaPolicyVersions(
  policyId: string,
  page: PageRequest,
  deps: { slaVersions: SlaSettingVersions },
): Promise<Paged<VersionedView<SlaPolicy>>> {
  const versions = await deps.slaVersions.listPolicyVersions(policyId, page)
  if (!versions) throw new NotFoundError(`There is no SLA policy ${policyId}.`)
  return { items: versions.items.map(viewOf), nextCursor: versions.nextCursor }
}
