import type { Case, FieldChange, Resolution } from './case.ts'
import { ConflictError, ForbiddenError } from './errors.ts'
import {
  activeCaseStatuses,
  type CaseStatus,
  caseActions,
  customerRoles,
  type Role,
  requestableCaseActions,
  staffRoles,
  terminalCaseStatuses,
} from './vocabulary.ts'

/** Who acts on a case: a signed-in role, or `system` for timers (pending closure, auto-close). */
export type ActorRole = Role | 'system'
export interface Actor {
  userId: string
  role: ActorRole
}

/** Every action of the lifecycle: the vocabulary's list, named here for the lifecycle's callers. */
export { caseActions }
export type CaseAction = (typeof caseActions)[number]

/** What a transition does besides changing the status. */
type Effect =
  | 'record_first_response'
  | 'record_resolution'
  | 'record_solution_proposed'
  | 'record_pending_closure'
  | 'record_closed'
  | 'record_cancelled'
  | 'clear_resolution_dates'

interface TransitionRule {
  action: CaseAction
  from: readonly CaseStatus[]
  actors: readonly ActorRole[]
  to: CaseStatus
  effects: readonly Effect[]
}

const staff = staffRoles
const customers = customerRoles
const active: readonly CaseStatus[] = activeCaseStatuses

/**
 * The case lifecycle (docs/architecture.md, the domain in brief), as one table. An action is
 * allowed when a row matches the action, the case's current status and the actor's role; every
 * other combination is refused.
 */
export const transitionTable: readonly TransitionRule[] = [
  { action: 'acknowledge', from: ['new'], actors: staff, to: 'open', effects: ['record_first_response'] },
  {
    action: 'start',
    from: ['new', 'open', 'waiting_on_customer'],
    actors: staff,
    to: 'in_progress',
    effects: [],
  },
  {
    action: 'request_info',
    from: ['new', 'open', 'in_progress'],
    actors: staff,
    to: 'waiting_on_customer',
    effects: ['record_first_response'],
  },
  {
    action: 'propose_solution',
    from: ['new', 'open', 'in_progress', 'waiting_on_customer'],
    actors: staff,
    to: 'solution_proposed',
    effects: ['record_first_response', 'record_resolution', 'record_solution_proposed'],
  },
  // The customer confirms a proposed solution; support may close any open case.
  {
    action: 'close',
    from: ['solution_proposed', 'pending_closure'],
    actors: customers,
    to: 'closed',
    effects: ['record_closed'],
  },
  // Closing tells the customer: a public staff action, so it also counts as the first response.
  {
    action: 'close',
    from: active,
    actors: staff,
    to: 'closed',
    effects: ['record_first_response', 'record_closed'],
  },
  { action: 'cancel', from: active, actors: customers, to: 'cancelled', effects: ['record_cancelled'] },
  {
    action: 'reopen',
    from: ['solution_proposed', 'pending_closure'],
    actors: customers,
    to: 'in_progress',
    effects: ['clear_resolution_dates'],
  },
  // A customer's public comment answers the question or rejects the proposal: work resumes.
  {
    action: 'customer_reply',
    from: ['waiting_on_customer', 'solution_proposed', 'pending_closure'],
    actors: customers,
    to: 'in_progress',
    effects: ['clear_resolution_dates'],
  },
  // Timers: no answer 7 days after the proposal, then 14 days in pending closure.
  {
    action: 'mark_pending_closure',
    from: ['solution_proposed'],
    actors: ['system'],
    to: 'pending_closure',
    effects: ['record_pending_closure'],
  },
  {
    action: 'auto_close',
    from: ['pending_closure'],
    actors: ['system'],
    to: 'closed',
    effects: ['record_closed'],
  },
  // Merging closes a duplicate into another case of its account (docs/merge.md). It answers no SLA
  // target: the other case carries the work, so the duplicate's clocks stop.
  {
    action: 'merge',
    from: active,
    actors: staff,
    to: 'closed',
    effects: ['record_resolution', 'record_closed'],
  },
]

/** Actions a client can send to `POST /v1/cases/{caseId}/transitions` (the others happen by themselves). */
export const requestableActions = requestableCaseActions
export type RequestableAction = (typeof requestableActions)[number]

/** The actions `role` may take on a case in `status`, in table order. */
export function allowedActions(status: CaseStatus, role: ActorRole): CaseAction[] {
  const allowed = transitionTable.filter((rule) => rule.from.includes(status) && rule.actors.includes(role))
  return [...new Set(allowed.map((rule) => rule.action))]
}

function findRule(c: Case, action: CaseAction, actor: Actor): TransitionRule {
  const byActor = transitionTable.filter((rule) => rule.action === action && rule.actors.includes(actor.role))
  if (byActor.length === 0)
    throw new ForbiddenError(`The ${actor.role} role may not ${action.replaceAll('_', ' ')} a case.`)
  const rule = byActor.find((r) => r.from.includes(c.status))
  if (rule) return rule
  if (action === 'reopen' && c.status === 'closed') {
    throw new ConflictError(
      `Case ${c.number} is closed and can no longer be reopened. Please open a new case and mention ${c.number} in it.`,
    )
  }
  const allowed = allowedActions(c.status, actor.role).filter((a) =>
    (requestableActions as readonly string[]).includes(a),
  )
  throw new ConflictError(
    `Case ${c.number} is ${c.status}: ${action} is not possible now. ` +
      (allowed.length ? `Allowed actions: ${allowed.join(', ')}.` : 'No action is possible in this status.'),
  )
}

export interface TransitionResult {
  next: Case
  changes: FieldChange[]
}

/**
 * Fields the history does not list: the version and time the event carries anyway, and the SLA
 * clocks and terms, which are internal (an event names the outcomes a change made final instead), and
 * the custom field values, which the history lists one per key.
 */
const unlistedFields: readonly string[] = [
  'version',
  'updatedAt',
  'slaClocks',
  'slaClock',
  'slaTerms',
  // Recorded one change per key, with who may see it (customFieldChanges, case-fields.ts).
  'customFields',
  // Tags are recorded as one internal change (update-case.ts); labels are derived and stored only.
  'tags',
  'labels',
]

/** The fields that differ between two versions of a case, before → after (for the history). */
export function diffCases(
  before: Case,
  after: Case,
  ignore: readonly string[] = unlistedFields,
): FieldChange[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)])
  const changes: FieldChange[] = []
  for (const field of fields) {
    if (ignore.includes(field)) continue
    const b = (before as Record<string, unknown>)[field]
    const a = (after as Record<string, unknown>)[field]
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ field, before: b, after: a })
  }
  return changes
}

/**
 * Applies one lifecycle action to a case: checks the transition table, sets the new status and the
 * action's effects, bumps the version. Pure: the caller persists the result and its history event.
 * Throws ForbiddenError when the role may never take the action, ConflictError when the status forbids it.
 */
export function applyTransition(
  c: Case,
  action: CaseAction,
  actor: Actor,
  now: Date,
  input: { resolution?: Resolution | undefined } = {},
): TransitionResult {
  const rule = findRule(c, action, actor)
  const at = now.toISOString()
  const next: Case = { ...c, status: rule.to, version: c.version + 1, updatedAt: at }
  for (const effect of rule.effects) {
    switch (effect) {
      case 'record_first_response':
        next.firstResponseAt ??= at
        break
      case 'record_resolution':
        next.resolution = input.resolution
        break
      case 'record_solution_proposed':
        next.solutionProposedAt = at
        next.pendingClosureAt = undefined
        break
      case 'record_pending_closure':
        next.pendingClosureAt = at
        break
      case 'record_closed':
        next.closedAt = at
        break
      case 'record_cancelled':
        next.cancelledAt = at
        break
      case 'clear_resolution_dates':
        // The customer rejected the proposal: it stays in the history, not on the case.
        next.resolution = undefined
        next.solutionProposedAt = undefined
        next.pendingClosureAt = undefined
        break
    }
  }
  const cleaned = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Case
  return { next: cleaned, changes: diffCases(c, cleaned) }
}

export function isTerminal(status: CaseStatus): boolean {
  return (terminalCaseStatuses as readonly CaseStatus[]).includes(status)
}
