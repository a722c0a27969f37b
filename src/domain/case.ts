import * as z from '#src/zod.ts'
import { AccountTargetOverride, AccountTargetOverrides } from './sla/policy.ts'
import { LegacySlaClock, SlaClocks, SlaView } from './sla/sla-clock.ts'
import { CaseStatus, CaseType, Priority, ResolutionKind, Role, ServiceLevel, Severity } from './vocabulary.ts'

/** Severities for which the customer must say what the problem does to their business (docs/architecture.md, the domain in brief). */
export const severitiesRequiringImpact: readonly Severity[] = ['critical', 'urgent']

/** Case numbers start here so the first case reads `CS-1001`, never a suspicious `CS-1`. */
export const firstCaseNumber = 1001

/** The human-readable number of the case with this sequence number, e.g. `CS-1042`. */
export function formatCaseNumber(sequence: number): string {
  return `CS-${sequence}`
}

/** How support resolved (or proposes to resolve) a case. `bug_raised` carries an indication of the fix. */
export const Resolution = z.object({
  kind: ResolutionKind,
  summary: z.string(),
  fixEta: z.optional(z.string()),
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

/**
 * The SLA terms a case is filed under: its account's service level, policy, calendar and contract
 * overrides at that moment. The case keeps them, so its later changes compute their targets without
 * reading the account, and a later change of the account applies to new cases only (docs/sla.md).
 */
export const SlaTerms = z.object({
  serviceLevel: ServiceLevel,
  slaPolicyId: z.string(),
  calendarId: z.string(),
  slaOverride: z.optional(AccountTargetOverride),
  slaTargetOverrides: z.optional(AccountTargetOverrides),
})
export type SlaTerms = z.infer<typeof SlaTerms>

/** A case as stored and as the use cases see it; the API shows it as `CaseView`. Storage keys never appear here. */
export const Case = z.object({
  id: z.string(),
  number: z.string(),
  accountId: z.string(),
  contactId: z.string(),
  title: z.string(),
  description: z.string(),
  product: z.string(),
  productVersion: z.optional(z.string()),
  component: z.optional(z.string()),
  category: z.optional(z.string()),
  impact: z.optional(z.string()),
  /** Values of the catalogue's custom fields by key (docs/custom-fields.md); shown as each field's definition allows. */
  customFields: z.optional(z.record(z.string(), z.unknown())).register(z.globalRegistry, {
    description: 'Custom field values by key, defined by `GET /v1/case-fields`; those the reader may see',
  }),
  type: CaseType,
  severity: Severity,
  priority: Priority,
  queue: z.string(),
  status: CaseStatus,
  assigneeId: z.optional(z.string()),
  /** Support's tags (docs/data-model.md, "Labels"): sorted, distinct; staff only, never shown to customers. */
  tags: z.optional(z.array(z.string())),
  /**
   * What lists filter this case by: one label per tag and per value of a filterable custom field
   * (case-labels.ts). Stored, internal: never in the API or in events.
   */
  labels: z.optional(z.array(z.string())),
  tier: z._default(Tier, 2),
  escalationLevel: z._default(z.int().check(z.minimum(0), z.maximum(maxEscalationLevel)), 0),
  resolution: z.optional(Resolution),
  /** The case this one was merged into (docs/merge.md): it was closed with resolution `merged`, and its mail goes there. */
  mergedInto: z.optional(z.object({ caseId: z.string(), number: z.string() })).register(z.globalRegistry, {
    description: 'The case this one was merged into (docs/merge.md)',
  }),
  /** The first public reaction by support: what the response-time SLA measures. */
  firstResponseAt: z.optional(z.iso.datetime()),
  solutionProposedAt: z.optional(z.iso.datetime()),
  pendingClosureAt: z.optional(z.iso.datetime()),
  closedAt: z.optional(z.iso.datetime()),
  cancelledAt: z.optional(z.iso.datetime()),
  /** The SLA clocks (stored, one per target); the API shows them as `sla` (see CaseView). */
  slaClocks: z.optional(SlaClocks),
  /** The one first-response clock of a case stored before there were several (read, never written). */
  slaClock: z.optional(LegacySlaClock),
  /** The SLA terms of its account when it was filed (stored, internal: never in the API or in events). */
  slaTerms: z.optional(SlaTerms),
  version: z.int().check(z.positive()),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Case = z.infer<typeof Case>

/**
 * A case as the API shows it: the stored SLA clocks replaced by its reading at request time, and
 * without the SLA terms and labels it keeps for itself (and without its tags, for customers).
 */
export const CaseView = z.extend(
  z.omit(Case, { slaClocks: true, slaClock: true, slaTerms: true, labels: true }),
  {
    sla: z.optional(SlaView),
  },
)
export type CaseView = z.infer<typeof CaseView>

/** One change of one field, before → after; `before` is absent for a field that had no value. */
export const FieldChange = z.object({
  field: z.string(),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
  /** A change customers never see: a custom field that was not customer-visible (docs/custom-fields.md). */
  internal: z.optional(z.boolean()),
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
  details: z.optional(z.record(z.string(), z.unknown())),
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
