import { type Case, type CaseEvent, escalationLevelNames } from '#src/domain/case.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import { type Actor, applyTransition, diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import {
  breachDue,
  clocksOf,
  markBreached,
  markWarned,
  type SlaContext,
  warningDue,
} from '#src/domain/sla/case-sla.ts'
import { slaTimerOf } from '#src/domain/timers.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { TimerFired } from '#src/use-cases/ports/timers.ts'
import { caseEvent, changeCase } from './case-events.ts'
import {
  autoCloseAfterMs,
  caseSlaContext,
  followSla,
  pendingClosureAfterMs,
  type SlaDeps,
  withOutcomes,
} from './case-sla.ts'

export interface FireTimerDeps extends SlaDeps {
  cases: CaseStore
  clock: Clock
  ids: IdGenerator
}

export type TimerOutcome =
  | { outcome: 'applied'; caseVersion: number }
  | { outcome: 'ignored'; reason: string }

const system: Actor = { userId: 'system', role: 'system' }

type Decision = { next: Case; events: CaseEvent[] } | { ignored: string }

const due = (at: string | null | undefined, now: Date) =>
  at !== null && at !== undefined && at <= now.toISOString()
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString()

/** What an SLA timer does to the case as it is now (warn, or breach at the deadline), or why it does nothing. */
function decideSla(
  c: Case,
  timer: NonNullable<ReturnType<typeof slaTimerOf>>,
  now: Date,
  context: SlaContext | undefined,
  ids: IdGenerator,
): Decision {
  if (isTerminal(c.status)) return { ignored: `the case is ${c.status}` }
  const at = now.toISOString()
  const clocks = clocksOf(c)
  const clock = clocks[timer.target]
  if (!clock) return { ignored: `the case has no ${timer.target} clock` }
  const warning = timer.phase === 'warning'
  if (warning ? !warningDue(clock, now) : !breachDue(clock, now)) {
    return { ignored: warning ? 'the warning is not due (or was given)' : 'the deadline has not passed' }
  }
  const changed = warning ? markWarned(clock, at) : markBreached(clock)
  let next: Case = {
    ...c,
    slaClocks: { ...clocks, [timer.target]: changed },
    version: c.version + 1,
    updatedAt: at,
  }
  delete next.slaClock
  // The clock's new reading as an internal `sla.*` event (the assignee's or manager's notification).
  const details = { target: timer.target, dueAt: clock.dueAt, targetMinutes: clock.targetMinutes }
  const events = [
    caseEvent(ids, c, system, at, {
      type: warning ? 'sla.warning' : 'sla.breached',
      action: warning ? 'sla_warning' : 'sla_breach',
      changes: diffCases(c, next),
      visibility: 'internal',
      details,
    }),
  ]
  // The policy may escalate a case whose resolution target breached, unless someone escalated it already.
  const escalates =
    !warning &&
    timer.target === 'resolution' &&
    c.escalationLevel === 0 &&
    context?.policyOf(clock).escalateOnResolutionBreach === true
  if (escalates) {
    const escalated: Case = { ...next, escalationLevel: 1 }
    events.push(
      caseEvent(ids, c, system, at, {
        type: 'case.escalated',
        action: 'escalate',
        changes: diffCases(next, escalated),
        // Like the breach that caused it, an automatic escalation is the vendor's own business.
        visibility: 'internal',
        details: {
          level: 1,
          levelName: escalationLevelNames[1],
          reason: 'The resolution target was breached.',
        },
      }),
    )
    next = escalated
  }
  return { next, events }
}

/** What a timer does to the case as it is now, or why it does nothing. */
function decide(
  c: Case,
  kind: TimerFired['kind'],
  now: Date,
  context: SlaContext | undefined,
  ids: IdGenerator,
): Decision {
  const sla = slaTimerOf(kind)
  if (sla) return decideSla(c, sla, now, context, ids)
  const at = now.toISOString()
  /**
   * A lifecycle action taken by the system, through the transition table like any other. The clocks
   * follow it as they follow a person's transition: closing makes the resolution outcome final, and
   * an auto-closed case's event is the only one that can carry it (docs/sla.md, "Metrics").
   */
  const systemTransition = (action: 'mark_pending_closure' | 'auto_close'): Decision => {
    const transition = applyTransition(c, action, system, now)
    const { next, outcomes } = followSla(c, transition.next, context)
    const details = withOutcomes(undefined, outcomes)
    return {
      next,
      events: [
        caseEvent(ids, c, system, at, {
          type: 'case.transitioned',
          action,
          changes: transition.changes,
          ...(details ? { details } : {}),
        }),
      ],
    }
  }
  switch (kind) {
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
    default:
      return { ignored: `unknown timer ${kind}` }
  }
}

/**
 * Handles a fired timer. Timers are hints and the table is the truth (docs/architecture.md):
 * 1. Re-read the case; a deleted case or a timer that is no longer due changes nothing.
 * 2. Apply the timer's effect (warn, breach, escalate, pending closure, auto-close) with its history events,
 *    conditional on the version read, so a duplicate or late delivery finds nothing left to do.
 * 3. Bring the case's other timers in line with its new state (e.g. auto-close after pending closure).
 */
export async function fireTimer(timer: TimerFired, deps: FireTimerDeps): Promise<TimerOutcome> {
  let ignored = 'nothing to do'
  try {
    const { change } = await changeCase(deps, { kind: 'all' }, timer.caseId, async (current, now) => {
      // A warning or a breach needs no settings (the clock holds its times), except the policy of an
      // escalating resolution breach; a system transition lets the clocks follow, on their versions.
      const readsSla =
        timer.kind === 'resolution-breach' || timer.kind === 'pending-closure' || timer.kind === 'auto-close'
      const context = readsSla ? await caseSlaContext(current, deps) : undefined
      const decision = decide(current, timer.kind, now, context, deps.ids)
      if ('ignored' in decision) {
        ignored = decision.ignored
        return undefined
      }
      return { next: decision.next, expectedVersion: current.version, events: decision.events }
    })
    if (!change) return { outcome: 'ignored', reason: ignored }
    return { outcome: 'applied', caseVersion: change.next.version }
  } catch (error) {
    if (error instanceof NotFoundError) return { outcome: 'ignored', reason: 'the case does not exist' }
    throw error
  }
}
