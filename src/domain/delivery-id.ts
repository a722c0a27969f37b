import { createHash } from 'node:crypto'

/** Base36 digits of a time in milliseconds: nine of them last until the year 5138. */
const timeDigits = 9

/**
 * The id of one event's delivery to one subscription (docs/integrations.md, deliveries): the event's
 * time in milliseconds as zero-padded base36, then 16 hex digits of sha256(`<eventId>|<webhookId>`).
 *
 * - Deterministic: a retried stream record fans the same event out again and finds the same delivery
 *   items, so a subscriber never gets a second delivery for it.
 * - Time-sortable: base36 digits sort like their values at a fixed width, so a subscription's
 *   deliveries (sort key `DELIVERY#<id>`, docs/data-model.md) read newest first by key alone.
 */
export function deliveryIdOf(eventId: string, webhookId: string, eventTime: string | Date): string {
  const millis = new Date(eventTime).getTime()
  if (!Number.isFinite(millis) || millis < 0)
    throw new RangeError(`Event ${eventId}: time ${String(eventTime)} cannot order a delivery`)
  const time = millis.toString(36).padStart(timeDigits, '0')
  const digest = createHash('sha256').update(`${eventId}|${webhookId}`).digest('hex').slice(0, 16)
  return `${time}${digest}`
}
