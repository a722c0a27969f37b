import type { Case, CaseEvent, SlaTerms } from '#src/domain/case.ts'
import type { Account } from '#src/domain/directory.ts'
import { isTerminal } from '#src/domain/lifecycle.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import {
  clocksOf,
  type FollowedClocks,
  followClocks,
  initialClocks,
  retargetClocks,
  type SlaActivity,
  type SlaClock,
  type SlaContext,
} from '#src/domain/sla/case-sla.ts'
import type { SlaPolicy } from '#src/domain/sla/policy.ts'
import { slaTargets } from '#src/domain/sla/sla-clock.ts'
import { slaTimerKinds, type TimerKind } from '#src/domain/timers.ts'
import { errorFields, logger } from '#src/logger.ts'
import type { AccountDirectory } from '#src/use-cases/ports/directory.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import type { TimerScheduler } from '#src/use-cases/ports/timers.ts'

export type { SlaContext } from '#src/domain/sla/case-sla.ts'

/**
 * No answer to a proposed solution for 7 days → pending closure; 14 more days → closed
 * (docs/sla.md, "Timers").
 */
export const pendingClosureAfterMs = 7 * 24 * 60 * 60 * 1000
export const autoCloseAfterMs = 14 * 24 * 60 * 60 * 1000

export interface SlaDeps {
  slaSettings: SlaSettings
  /** Read only for a case filed before cases kept their SLA terms (see `caseSlaContext`). */
  accounts: AccountDirectory
}

/** An account's SLA terms, as a case filed now keeps them (docs/sla.md). */
export function slaTermsOf(account: Account): SlaTerms {
  return {
    serviceLevel: account.serviceLevel,
    slaPolicyId: account.slaPolicyId,
    calendarId: account.calendarId,
    ...(account.slaOverride && { slaOverride: account.slaOverride }),
    ...(account.slaTargetOverrides && { slaTargetOverrides: account.slaTargetOverrides }),
  }
}

/**
 * Everything the engine reads for a case with these terms and clocks: the latest calendar and
 * policy (for clocks that start now) and the versions its clocks keep. Latest versions are kept in
 * memory for a minute, fixed versions for good (docs/sla.md), so this reads no account and, warm,
 * nothing at all.
 */
export async function loadSlaContext(
  accountId: string,
  terms: SlaTerms,
  clocks: readonly SlaClock[],
  deps: { slaSettings: SlaSettings },
): Promise<SlaContext | undefined> {
  const settings = deps.slaSettings
  const [calendar, policy] = await Promise.all([
    settings.calendar(terms.calendarId),
    settings.policy(terms.slaPolicyId),
  ])
  if (!calendar || !policy) {
    logger.warn('account has no usable SLA settings', { accountId, calendarId: terms.calendarId })
    return undefined
  }
  // Every version the clocks keep, by `id@version` (a clock stored before versions: the latest).
  const kept = new Map<string, Calendar | SlaPolicy>()
  const calendarKey = (clock: SlaClock) => `c${clock.calendarId}@${clock.calendarVersion ?? calendar.version}`
  const policyKey = (clock: SlaClock) =>
    `p${clock.policyId ?? terms.slaPolicyId}@${clock.policyVersion ?? policy.version}`
  kept.set(`c${terms.calendarId}@${calendar.version}`, calendar.definition)
  kept.set(`p${terms.slaPolicyId}@${policy.version}`, policy.definition)
  await Promise.all(
    clocks.flatMap((clock) => [
      keep(calendarKey(clock), () => settings.calendar(clock.calendarId, clock.calendarVersion)),
      keep(policyKey(clock), () => settings.policy(clock.policyId ?? terms.slaPolicyId, clock.policyVersion)),
    ]),
  )
  async function keep(key: string, read: () => Promise<{ definition: Calendar | SlaPolicy } | undefined>) {
    if (kept.has(key)) return
    const found = (await read())?.definition
    if (found) kept.set(key, found)
  }
  return {
    terms,
    latest: {
      calendarId: terms.calendarId,
      calendarVersion: calendar.version,
      calendar: calendar.definition,
      policyId: terms.slaPolicyId,
      policyVersion: policy.version,
      policy: policy.definition,
    },
    calendarOf: (clock) => (kept.get(calendarKey(clock)) as Calendar | undefined) ?? calendar.definition,
    policyOf: (clock) => (kept.get(policyKey(clock)) as SlaPolicy | undefined) ?? policy.definition,
  }
}

const clockList = (c: Case): SlaClock[] => {
  const clocks = clocksOf(c)
  return slaTargets.flatMap((target) => (clocks[target] ? [clocks[target]] : []))
}

/**
 * What a change of case `c` needs to let its SLA clocks follow (`followSla`): nothing for a case
 * without SLA terms or clocks; the calendar and policy versions of the terms the case keeps from
 * its filing; for a case filed before cases kept them, those of its account as it is now.
 */
export async function caseSlaContext(c: Case, deps: SlaDeps): Promise<SlaContext | undefined> {
  if (!c.slaClocks && !c.slaClock) return undefined
  if (c.slaTerms) return loadSlaContext(c.accountId, c.slaTerms, clockList(c), deps)
  const account = await deps.accounts.findAccount(c.accountId)
  return account ? loadSlaContext(account.id, slaTermsOf(account), clockList(c), deps) : undefined
}

/** The clocks a new case starts with (first response and resolution). */
export function initialSla(c: Case, context: SlaContext): Case {
  return { ...c, slaClocks: initialClocks(c, context) }
}

export interface FollowedCase {
  next: Case
  /** Outcomes made final by the change; the change's event carries them (`details.slaOutcomes`). */
  outcomes: FollowedClocks['outcomes']
}

/**
 * Brings the case's SLA clocks in line with a change of the case (docs/sla.md): `after` is the
 * case as the change leaves it, `activity` what happened besides status and severity.
 */
export function followSla(
  before: Case,
  after: Case,
  context: SlaContext | undefined,
  activity: SlaActivity = {},
): FollowedCase {
  if (!context || (!before.slaClocks && !before.slaClock)) return { next: after, outcomes: [] }
  return withClocks(after, followClocks(before, after, context, activity))
}

/** `followSla` for an edit that changes the severity and nothing of the lifecycle (`retargetClocks`). */
export function retargetSla(before: Case, after: Case, context: SlaContext | undefined): FollowedCase {
  if (!context || (!before.slaClocks && !before.slaClock)) return { next: after, outcomes: [] }
  return withClocks(after, retargetClocks(before, after, context))
}

function withClocks(after: Case, followed: FollowedClocks): FollowedCase {
  // A change may make an outcome final without moving any clock: closing a case whose resolution
  // clock ended with the proposal. Its event must carry the outcome all the same.
  if (!followed.changed) return { next: after, outcomes: followed.outcomes }
  const { slaClock: _, ...rest } = after
  return { next: { ...rest, slaClocks: followed.clocks }, outcomes: followed.outcomes }
}

/** The event's details with the outcomes a change made final (none: the details as they were). */
export function withOutcomes(
  details: CaseEvent['details'],
  outcomes: FollowedCase['outcomes'],
): CaseEvent['details'] {
  return outcomes.length === 0 ? details : { ...details, slaOutcomes: outcomes }
}

/** The timers a case in this state should have, by kind, with their due times. */
export function desiredTimers(c: Case): Map<TimerKind, string> {
  const timers = new Map<TimerKind, string>()
  if (isTerminal(c.status)) return timers
  const clocks = clocksOf(c)
  for (const target of slaTargets) {
    const clock = clocks[target]
    if (clock?.state !== 'running' || !clock.dueAt) continue
    timers.set(slaTimerKinds[target].breach, clock.dueAt)
    if (!clock.warnedAt && clock.warnAt) timers.set(slaTimerKinds[target].warning, clock.warnAt)
  }
  if (c.status === 'solution_proposed' && c.solutionProposedAt) {
    timers.set(
      'pending-closure',
      new Date(Date.parse(c.solutionProposedAt) + pendingClosureAfterMs).toISOString(),
    )
  }
  if (c.status === 'pending_closure' && c.pendingClosureAt) {
    timers.set('auto-close', new Date(Date.parse(c.pendingClosureAt) + autoCloseAfterMs).toISOString())
  }
  return timers
}

/**
 * Sets, moves and deletes the case's timers so they match its new state (the event handler calls
 * this for every change of a case item on the table stream). Every call is idempotent (timers have
 * deterministic names), so a failure throws: the stream delivers the change again and the timers
 * are set then. The timer handler re-checks the case anyway (timers are hints, the table is truth).
 */
export async function followCaseTimers(
  before: Case | undefined,
  after: Case,
  deps: { scheduler: TimerScheduler },
): Promise<{ set: TimerKind[]; cleared: TimerKind[] }> {
  const wanted = desiredTimers(after)
  const had = before ? desiredTimers(before) : new Map<TimerKind, string>()
  const set = [...wanted].filter(([kind, dueAt]) => had.get(kind) !== dueAt)
  const cleared = [...had.keys()].filter((kind) => !wanted.has(kind))
  const results = await Promise.allSettled([
    ...set.map(([kind, dueAt]) => deps.scheduler.set({ caseId: after.id, kind, dueAt })),
    ...cleared.map((kind) => deps.scheduler.clear(after.id, kind)),
  ])
  const failed = results.filter((result) => result.status === 'rejected')
  if (failed.length > 0) {
    logger.error('could not update the case timers; the change will be delivered again', {
      caseId: after.id,
      ...errorFields(failed[0]?.reason),
    })
    throw failed[0]?.reason
  }
  return { set: set.map(([kind]) => kind), cleared }
}
