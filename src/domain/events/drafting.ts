import { createHash } from 'node:crypto'
import { eventCatalogue } from './catalogue.ts'
import { type EventAudience, type EventDraft, type EventType, eventAudienceOf } from './envelope.ts'

/** Where an event belongs and when it happened: everything of a draft but its type and data. */
export interface DraftPlace {
  id: string
  time: string
  accountId: string
  caseId?: string | undefined
}

/**
 * A draft of `type` with its catalogue version and audience. The data is parsed with the type's
 * schema, so every published event matches its documented schema (docs/events/) and carries
 * nothing the schema does not name; data that does not fit throws, and the stream retries the
 * record rather than publish a malformed event.
 */
export function draftOf(
  type: EventType,
  place: DraftPlace,
  data: Record<string, unknown>,
  audience: EventAudience = eventAudienceOf[type],
): EventDraft {
  const entry = eventCatalogue[type]
  return {
    id: place.id,
    type,
    version: entry.version,
    time: place.time,
    accountId: place.accountId,
    ...(place.caseId !== undefined && { caseId: place.caseId }),
    audience,
    data: entry.data.parse(data),
  }
}

/**
 * The event id of an item change a stream record carries: the record's own id, hashed to a fixed
 * length. A redelivered record has the same `eventID`, so the event keeps its id (consumers
 * deduplicate on it, docs/integrations.md).
 */
export function eventIdOfStreamRecord(recordId: string): string {
  return `evt_${createHash('sha256').update(recordId).digest('hex').slice(0, 32)}`
}

/** Serialises with object keys sorted, so two equal values read from different images compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}

/** The named fields that differ between two versions of an item, before → after (absent: no value). */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): { field: string; before?: unknown; after?: unknown }[] {
  return fields.flatMap((field) => {
    const b = before[field]
    const a = after[field]
    if (canonical(b) === canonical(a)) return []
    return [{ field, ...(b !== undefined && { before: b }), ...(a !== undefined && { after: a }) }]
  })
}
