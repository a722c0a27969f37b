import type { Delivery, DeliveryAttempt } from '#src/domain/webhooks.ts'

/** A delivery as `GET /v1/webhooks/{id}/deliveries` shows it: where it stands and every attempt. */
export interface DeliveryView {
  id: string
  webhookId: string
  eventId: string
  eventType: string
  status: Delivery['status']
  attemptCount: number
  lastAttempt?: DeliveryAttempt | undefined
  attempts: DeliveryAttempt[]
  nextAttemptAt?: string | undefined
  createdAt: string
  updatedAt: string
}

/** The view of a delivery; the payload stays out (it is the event, which the subscriber received or can read in the feed). */
export function presentDelivery(delivery: Delivery): DeliveryView {
  const lastAttempt = delivery.attempts.at(-1)
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attemptCount: delivery.attempts.length,
    ...(lastAttempt ? { lastAttempt } : {}),
    attempts: delivery.attempts,
    ...(delivery.status === 'pending' && delivery.nextAttemptAt
      ? { nextAttemptAt: delivery.nextAttemptAt }
      : {}),
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  }
}
