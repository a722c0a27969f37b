import type { Case, SlaTerms } from '#src/domain/case.ts'
import type { Account } from '#src/domain/directory.ts'
import { isTerminal } from '#src/domain/lifecycle.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import {
  pauseSla,
  recordFirstResponse,
  resumeSla,
  retargetSla,
  type SlaClock,
  startSla,
  stopSla,
  warningAt,
} from '#src/domain/sla/case-sla.ts'
import { targetMinutesFor } from '#src/domain/sla/policy.ts'
import type { TimerKind } from '#src/domain/timers.ts'
import type { Severity } from '#src/domain/vocabulary.ts'
import { errorFields, logger } from '#src/logger.ts'
import type { AccountDirectory } from '#src/use-cases/ports/directory.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import type { TimerScheduler } from '#src/use-cases/ports/timers.ts'

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

/** What a case's SLA needs, loaded before a change is decided (deciding itself is synchronous). */
export interface SlaContext {
  calendarId: string
  calendar: Calendar
  targetFor(severity: Severity): number
}

/** An account's SLA terms, as a case filed now keeps them (docs/sla.md). */
export function slaTermsOf(account: Account): SlaTerms {
  return {
    serviceLevel: account.serviceLevel,
    slaPolicyId: account.slaPolicyId,
    calendarId: account.calendarId,
    ...(account.slaOverride && { slaOverride: account.slaOverride }),
  }
}

/**
 * The calendar and targets of an account's SLA terms (policy, service level, contract overrides).
 * Calendars and policies come from the SLA settings, which keep them in memory for a while
 * (docs/sla.md), so this reads no account.
 */
export async function loadSlaContext(
  accountId: string,
  terms: SlaTerms,
  deps: { slaSettings: SlaSettings },
): Promise<SlaContext | undefined> {
  const [calendar, policy] = await Promise.all([
    deps.slaSettings.calendar(terms.calendarId),
    deps.slaSettings.policy(terms.slaPolicyId),
  ])
  if (!calendar || !policy) {
    logger.warn('account has no usable SLA settings', { accountId, calendarId: terms.calendarId })
    return undefined
  }
  return {
    calendarId: terms.calendarId,
    calendar,
    targetFor: (severity) => targetMinutesFor(policy, terms.serviceLevel, severity, terms.slaOverride),
  }
}

/**
 * What a change of case `c` needs to let its SLA clock follow (`followSla`): nothing for a case
 * without a clock; the calendar and targets of the terms the case keeps from its filing; for a case
 * filed before cases kept them, those of its account as it is now, read once more.
 */
export async function caseSlaContext(c: Case, deps: SlaDeps): Promise<SlaContext | undefined> {
  if (!c.slaClock) return undefined
  if (c.slaTerms) return loadSlaContext(c.accountId, c.slaTerms, deps)
  const account = await deps.accounts.findAccount(c.accountId)
  return account ? loadSlaContext(account.id, slaTermsOf(account), deps) : undefined
}

/** The clock a new case starts with. */
export function initialSla(c: Case, context: SlaContext): SlaClock {
  return startSla({
    startedAt: c.createdAt,
    targetMinutes: context.targetFor(c.severity),
    calendarId: context.calendarId,
    calendar: context.calendar,
  })
}

/**
 * Brings the SLA clock in line with a change of the case: a new severity sets a new target; the
 * first public staff reaction meets it (or confirms the breach); waiting on the customer pauses
 * it and the customer's answer resumes it, moving the deadline by the time paused.
 */
export function followSla(before: Case, after: Case, context: SlaContext | undefined): Case {
  let clock = after.slaClock
  if (!clock || !context) return after
  const at = after.updatedAt
  if (after.severity !== before.severity)
    clock = retargetSla(clock, context.targetFor(after.severity), context.calendar)
  if (after.firstResponseAt && !before.firstResponseAt)
    clock = recordFirstResponse(clock, after.firstResponseAt)
  if (after.status === 'waiting_on_customer' && before.status !== 'waiting_on_customer') {
    clock = pauseSla(clock, at, context.calendar)
  }
  if (before.status === 'waiting_on_customer' && after.status !== 'waiting_on_customer') {
    clock = resumeSla(clock, at, context.calendar)
  }
  if (isTerminal(after.status)) clock = stopSla(clock, at)
  return clock === after.slaClock ? after : { ...after, slaClock: clock }
}

/** The timers a case in this state should have, by kind, with their due times. */
export function desiredTimers(c: Case, calendar: Calendar | undefined): Map<TimerKind, string> {
  const timers = new Map<TimerKind, string>()
  if (isTerminal(c.status)) return timers
  const clock = c.slaClock
  if (clock?.state === 'running' && clock.dueAt && calendar) {
    timers.set('sla-breach', clock.dueAt)
    const warning = clock.warnedAt ? null : warningAt(clock, calendar)
    if (warning) timers.set('sla-warning', warning)
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
  deps: { scheduler: TimerScheduler; slaSettings: SlaSettings },
): Promise<{ set: TimerKind[]; cleared: TimerKind[] }> {
  const calendar = after.slaClock ? await deps.slaSettings.calendar(after.slaClock.calendarId) : undefined
  const wanted = desiredTimers(after, calendar)
  const had = before ? desiredTimers(before, calendar) : new Map<TimerKind, string>()
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
