import * as z from 'zod'
import { SlaClock, SlaView } from './sla/sla-clock.ts'
import { CaseStatus, CaseType, Priority, ResolutionKind, Role, Severity } from './vocabulary.ts'

/** Severities for which the customer must say what the problem does to their business (docs/architecture.md, the domain in brief). */
export const severitiesRequiringImpact: readonly Severity[] = ['critical', 'urgent']

/** Case numbers start here so the first case reads `CS-1001`, never a suspicious `CS-1`. */
export const firstCaseNumber = 1001

export function formatCaseNumber(sequence: number): string {
  return `CS-${sequence}`
}

/** How support resolved (or proposes to resolve) a case. `bug_raised` carries an indication of the fix. */
export const Resolution = z.object({
  kind: ResolutionKind,
  summary: z.string(),
  fixEta: z.string().optional(),
})
export type Resolution = z.infer<typeof Resolution>

/** Support tiers: 2 is support's own agents (2nd level); 3 engages experts (3rd level). */
export const Tier = z.union([z.literal(2), z.literal(3)])

/** Escalation levels 1–4 (docs/architecture.md, the domain in brief); 0 means not escalated. */
export const escalationLevelNames = [
  'not escalated',
  'lead customer-service manager',
  'senior manager',
  'director',
  'chief operating officer',
] as const
export const maxEscalationLevel = escalationLevelNames.length - 1

/** A case as the API returns it. Storage keys never appear here (the HTTP layer parses responses through this). */
export const Case = z.object({
  id: z.string(),
  number: z.string(),
  accountId: z.string(),
  contactId: z.string(),
  title: z.string(),
  description: z.string(),
  product: z.string(),
  productVersion: z.string().optional(),
  component: z.string().optional(),
  category: z.string().optional(),
  impact: z.string().optional(),
  type: CaseType,
  severity: Severity,
  priority: Priority,
  queue: z.string(),
  status: CaseStatus,
  assigneeId: z.string().optional(),
  tier: Tier.default(2),
  escalationLevel: z.number().int().min(0).max(maxEscalationLevel).default(0),
  resolution: Resolution.optional(),
  /** The first public reaction by support: what the response-time SLA measures. */
  firstResponseAt: z.iso.datetime().optional(),
  solutionProposedAt: z.iso.datetime().optional(),
  pendingClosureAt: z.iso.datetime().optional(),
  closedAt: z.iso.datetime().optional(),
  cancelledAt: z.iso.datetime().optional(),
  /** The first-response SLA's clock (stored); the API shows it as `sla` (see CaseView). */
  slaClock: SlaClock.optional(),
  version: z.number().int().positive(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Case = z.infer<typeof Case>

/** A case as the API shows it: the stored SLA clock replaced by its reading at request time. */
export const CaseView = Case.omit({ slaClock: true }).extend({ sla: SlaView.optional() })
export type CaseView = z.infer<typeof CaseView>

/** One change of one field, before → after; `before` is absent for a field that had no value. */
export const FieldChange = z.object({
  field: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
})
export type FieldChange = z.infer<typeof FieldChange>

/**
 * A history event: the audit trail and the outbox (docs/architecture.md, one table and its outbox). It is written in the same
 * transaction as the change it describes, and the table stream delivers it to the event handler.
 */
export const CaseEvent = z.object({
  id: z.string(),
  caseId: z.string(),
  accountId: z.string(),
  /** What kind of change: `case.created`, `case.transitioned`, `case.updated`, `comment.added`, `case.escalated`. */
  type: z.string(),
  /** The action that caused it (`create`, `acknowledge`, `update`, `comment`, `escalate`, ...). */
  action: z.string(),
  /** Who did it; timers act as `system`. */
  actor: z.object({ userId: z.string(), role: z.union([Role, z.literal('system')]) }),
  at: z.iso.datetime(),
  /** Internal events (about internal notes) are never shown to customers. */
  visibility: z.enum(['public', 'internal']),
  changes: z.array(FieldChange),
  /** Action details worth keeping: a message, a reason, a comment id, the escalation level. */
  details: z.record(z.string(), z.unknown()).optional(),
})
export type CaseEvent = z.infer<typeof CaseEvent>

/** Priority support starts from when nobody has set one explicitly. */
export function defaultPriorityFor(severity: Severity): Priority {
  switch (severity) {
    case 'critical':
    case 'urgent':
      return 'high'
    case 'standard':
      return 'normal'
    case 'low':
      return 'low'
  }
}
