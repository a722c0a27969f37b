import { createHash } from 'node:crypto'

/** The e-mails Caseline sends about a case (docs/email.md). */
export const notificationKinds = [
  'case_received',
  'critical_case',
  'comment',
  'waiting_on_customer',
  'solution_proposed',
  'pending_closure',
  'closed',
  'cancelled',
  'merged',
  'sla_warning',
  'sla_breach',
  'escalation',
] as const
export type NotificationKind = (typeof notificationKinds)[number]

/**
 * Deterministic per event, kind and address: a redelivered event finds its notifications in the
 * ledger, and an access export finds the ones sent to one address without the ledger ever storing
 * it (docs/privacy.md). A module of its own so the export bundles no notification planning.
 */
export function notificationIdFor(eventId: string, kind: NotificationKind, address: string): string {
  return createHash('sha256').update(`${eventId}\n${kind}\n${address.toLowerCase()}`).digest('hex')
}
