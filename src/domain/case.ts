import * as z from 'zod'
import { CaseStatus, CaseType, Priority, Role, Severity } from './vocabulary.ts'

/** Severities for which the customer must say what the problem does to their business (DESIGN §1). */
export const severitiesRequiringImpact: readonly Severity[] = ['critical', 'urgent']

/** Case numbers start here so the first case reads `CS-1001`, never a suspicious `CS-1`. */
export const firstCaseNumber = 1001

export function formatCaseNumber(sequence: number): string {
  return `CS-${sequence}`
}

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
  version: z.number().int().positive(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Case = z.infer<typeof Case>

/** One change of one field, before → after; `before` is absent for a field that had no value. */
export const FieldChange = z.object({
  field: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
})

/**
 * A history event: the audit trail and the outbox (DESIGN §2). It is written in the same
 * transaction as the change it describes, and the table stream delivers it to the event handler.
 */
export const CaseEvent = z.object({
  id: z.string(),
  caseId: z.string(),
  accountId: z.string(),
  type: z.string(),
  actor: z.object({ userId: z.string(), role: Role }),
  at: z.iso.datetime(),
  visibility: z.enum(['public', 'internal']),
  changes: z.array(FieldChange),
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

/**
 * Case types route work to queues (DESIGN §1): consulting requests to consulting, everything else
 * to support until an operator configures more queues.
 */
export function queueFor(type: CaseType): string {
  return type === 'consulting_request' ? 'consulting' : 'support'
}
