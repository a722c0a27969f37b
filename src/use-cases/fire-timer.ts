import type { Case, CaseEvent } from '#src/domain/case.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import { type Actor, applyTransition, diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import { markBreached, markWarned, type SlaClock, warningAt } from '#src/domain/sla/case-sla.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { TimerFired } from '#src/use-cases/ports/timers.ts'
import { caseEvent, changeCase } from './case-events.ts'
import { autoCloseAfterMs, pendingClosureAfterMs, type SlaDeps } from './case-sla.ts'

export interface FireTimerDeps extends SlaDeps {
  cases: CaseStore
  clock: Clock
  ids: IdGenerator
}

export type TimerOutcome =
  | { outcome: 'applied'; caseVersion: number }
  | { outcome: 'ignored'; reason: string }

const system: Actor = { userId: 'system', role: 'system' }

type Decision = { next: Case; event: CaseEvent } | { ignored: string }

const due = (at: string | null | undefined, now: Date) =>
  at !== null && at !== undefined && at <= now.toISOString()
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString()

/** What a timer does to the case as it is now, or why it does nothing. */
function decide(
  c: Case,
  kind: TimerFired['kind'],
  now: Date,
  calendar: Calendar | undefined,
  ids: IdGenerator,
): Decision {
  const at = now.toISOString()
  const clock = c.slaClock
  if ((kind === 'sla-warning' || kind === 'sla-breach') && isTerminal(c.status)) {
    return { ignored: `the case is ${c.status}` }
  }
  /** The clock's new reading as an internal `sla.*` event (for the assignee's or manager's notification). */
  const slaChange = (slaClock: SlaClock, type: string, action: string): Decision => {
    const next: Case = { ...c, slaClock, version: c.version + 1, updatedAt: at }
    const details = { dueAt: c.slaClock?.dueAt, targetMinutes: c.slaClock?.targetMinutes }
    const changes = diffCases(c, next)
    return {
      next,
      event: caseEvent(ids, c, system, at, { type, action, changes, visibility: 'internal', details }),
    }
  }
  /** A lifecycle action taken by the system, through the transition table like any other. */
  const systemTransition = (action: 'mark_pending_closure' | 'auto_close'): Decision => {
    const { next, changes } = applyTransition(c, action, system, now)
    return { next, event: caseEvent(ids, c, system, at, { type: 'case.transitioned', action, changes }) }
  }
  switch (kind) {
    case 'sla-warning':
      if (clock?.state !== 'running' || clock.warnedAt)
        return { ignored: 'the SLA clock is not running or was warned already' }
      if (!calendar || !due(warningAt(clock, calendar), now)) return { ignored: 'the warning is not due yet' }
      return slaChange(markWarned(clock, at), 'sla.warning', 'sla_warning')
    case 'sla-breach':
      if (clock?.state !== 'running') return { ignored: 'the SLA clock is not running' }
      if (!due(clock.dueAt, now)) return { ignored: 'the deadline has not passed' }
      return slaChange(markBreached(clock, at), 'sla.breached', 'sla_breach')
    case 'pending-closure':
      if (c.status !== 'solution_proposed' || !c.solutionProposedAt)
        return { ignored: 'no solution is waiting for an answer' }
      if (!due(plus(c.solutionProposedAt, pendingClosureAfterMs), now))
        return { ignored: 'the 7 days have not passed' }
      return systemTransition('mark_pending_closure')
    case 'auto-close':
      if (c.status !== 'pending_closure' || !c.pendingClosureAt)
        return { ignored: 'the case is not pending closure' }
      if (!due(plus(c.pendingClosureAt, autoCloseAfterMs), now))
        return { ignored: 'the 14 days have not passed' }
      return systemTransition('auto_close')
  }
}

/**
 * Handles a fired timer. Timers are hints and the table is the truth (docs/architecture.md):
 * 1. Re-read the case; a deleted case or a timer that is no longer due changes nothing.
 * 2. Apply the timer's effect (warn, breach, pending closure, auto-close) with its history event,
 *    conditional on the version read, so a duplicate or late delivery finds nothing left to do.
 * 3. Bring the case's other timers in line with its new state (e.g. auto-close after pending closure).
 */
export async function fireTimer(timer: TimerFired, deps: FireTimerDeps): Promise<TimerOutcome> {
  let ignored = 'nothing to do'
  try {
    const { change } = await changeCase(deps, { kind: 'all' }, timer.caseId, async (current, now) => {
      const calendar = current.slaClock
        ? await deps.slaSettings.calendar(current.slaClock.calendarId)
        : undefined
      const decision = decide(current, timer.kind, now, calendar, deps.ids)
      if ('ignored' in decision) {
        ignored = decision.ignored
        return undefined
      }
      return { next: decision.next, expectedVersion: current.version, events: [decision.event] }
    })
    if (!change) return { outcome: 'ignored', reason: ignored }
    return { outcome: 'applied', caseVersion: change.next.version }
  } catch (error) {
    if (error instanceof NotFoundError) return { outcome: 'ignored', reason: 'the case does not exist' }
    throw error
  }
}
