import * as z from '#src/zod.ts'

/**
 * The public event types (docs/integrations.md, the catalogue). Each is a fact about a case, a
 * contact or an account that integrations may follow: through the EventBridge bus, a webhook
 * subscription, or the change feed `GET /v1/events`.
 */
export const eventTypes = [
  'case.created',
  'case.updated',
  'case.transitioned',
  'case.commented',
  'case.note_added',
  'case.escalated',
  'case.assigned',
  'case.sla_warning',
  'case.sla_breached',
  'case.file_available',
  'case.linked',
  'case.unlinked',
  'case.watcher_added',
  'case.watcher_removed',
  'case.merged',
  'survey.answered',
  'contact.created',
  'contact.updated',
  'contact.erased',
  'account.updated',
] as const
export const EventType = z.enum(eventTypes)
export type EventType = z.infer<typeof EventType>

/** The ping `POST /v1/webhooks/{id}/test` sends: delivered like an event, never in the feed or on the bus. */
export const webhookTestType = 'webhook.test'

/**
 * Who may receive an event, mirroring what the same reader may read through the API:
 * - `account`: every contact of the event's account (and staff) — what the case's history shows customers;
 * - `account_admin`: the account's customer admins (and staff) — contacts and the account itself;
 * - `staff`: vendor staff only — internal notes, SLA warnings and breaches, survey answers.
 */
export const eventAudiences = ['account', 'account_admin', 'staff'] as const
export type EventAudience = (typeof eventAudiences)[number]

/**
 * Who receives each event type. Kept apart from the catalogue's data schemas so that checking a
 * subscription's event types (webhook routes) builds no schema (docs/performance.md).
 */
export const eventAudienceOf = {
  'case.created': 'account',
  'case.updated': 'account',
  'case.transitioned': 'account',
  'case.commented': 'account',
  'case.note_added': 'staff',
  'case.escalated': 'account',
  'case.assigned': 'account',
  'case.sla_warning': 'staff',
  'case.sla_breached': 'staff',
  'case.file_available': 'account',
  'case.linked': 'account',
  'case.unlinked': 'account',
  'case.watcher_added': 'account',
  'case.watcher_removed': 'account',
  'case.merged': 'account',
  'survey.answered': 'staff',
  'contact.created': 'account_admin',
  'contact.updated': 'account_admin',
  'contact.erased': 'account_admin',
  'account.updated': 'account_admin',
} as const satisfies Record<EventType, EventAudience>

/** Who reads events: staff (every account) or a contact of one account in its role. */
export type EventReader =
  | { kind: 'staff' }
  | { kind: 'account'; accountId: string; role: 'customer' | 'customer_admin' }

/**
 * The envelope every event travels in, on the bus (as `detail`), in a webhook's body and in the
 * change feed. `id` is the same on every redelivery (deduplicate on it); `sequence` orders the
 * events of one account, and so those of one case.
 */
export const EventEnvelope = z.object({
  id: z.string().register(z.globalRegistry, {
    description: 'Unique per event and the same on every redelivery: deduplicate on it',
  }),
  type: z.string().register(z.globalRegistry, { description: 'The event type, e.g. `case.created`' }),
  version: z
    .int()
    .check(z.positive())
    .register(z.globalRegistry, { description: "The version of the type's `data` schema" }),
  time: z.iso.datetime().register(z.globalRegistry, { description: 'When the fact happened (ISO 8601 UTC)' }),
  accountId: z
    .optional(z.string())
    .register(z.globalRegistry, { description: 'The account (tenant) the event belongs to' }),
  caseId: z
    .optional(z.string())
    .register(z.globalRegistry, { description: 'The case, for case and survey events' }),
  sequence: z.int().check(z.nonnegative()).register(z.globalRegistry, {
    description: "Position in the account's event sequence: orders the events of one account and one case",
  }),
  data: z.record(z.string(), z.unknown()),
})
export type EventEnvelope = z.infer<typeof EventEnvelope>

/** An event before the feed gave it its sequence (the publish step's input). */
export type EventDraft = Omit<EventEnvelope, 'sequence'> & {
  type: EventType
  accountId: string
  audience: EventAudience
}

/** A published event as stored in the feed: the envelope and who may see it. */
export type PublishedEvent = EventEnvelope & { audience: EventAudience }

/** Whether `reader` may receive an event of `accountId` meant for `audience` (the same rule for feed, webhooks and bus-free reads). */
export function mayReceive(
  reader: EventReader,
  event: { accountId?: string | undefined; audience: EventAudience },
): boolean {
  if (reader.kind === 'staff') return true
  if (event.accountId !== reader.accountId) return false
  if (event.audience === 'staff') return false
  if (event.audience === 'account_admin') return reader.role === 'customer_admin'
  return true
}
