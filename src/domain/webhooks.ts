import * as z from '#src/zod.ts'
import { EventType } from './events/envelope.ts'

/**
 * A webhook subscription (docs/integrations.md): where to POST which events. An operator's
 * subscription (made by an admin, no `accountId`) receives every account's events; a customer
 * admin's receives its own account's events that customers may read, and nothing else.
 */
export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  /** The event types to deliver; absent: all of them. */
  eventTypes: z.optional(z.array(EventType).check(z.minLength(1))),
  description: z.optional(z.string()),
  active: z.boolean(),
  /** The account whose customer admin subscribed; absent for an operator's (admin's) subscription. */
  accountId: z.optional(z.string()),
  /** Who subscribed (user id and address): told by e-mail when the endpoint is disabled. */
  ownerId: z.string(),
  ownerEmail: z.string(),
  /** Signing secrets, newest first; a rotated-out secret signs too until `validUntil`. */
  secrets: z.array(
    z.object({ secret: z.string(), createdAt: z.iso.datetime(), validUntil: z.optional(z.iso.datetime()) }),
  ),
  /** Since when every attempt has failed (cleared by a success): three days of failures disable the endpoint. */
  failingSince: z.optional(z.iso.datetime()),
  disabledAt: z.optional(z.iso.datetime()),
  disabledReason: z.optional(z.string()),
  version: z.int().check(z.positive()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Webhook = z.infer<typeof Webhook>

/** One attempt to deliver: its outcome as the receiver answered (or did not). */
export const DeliveryAttempt = z.object({
  number: z.int().check(z.positive()),
  at: z.iso.datetime(),
  outcome: z.enum(['succeeded', 'failed']),
  httpStatus: z.optional(z.int()),
  latencyMs: z.optional(z.int().check(z.nonnegative())),
  /** The first 1 KB of the response body. */
  response: z.optional(z.string()),
  /** Why the attempt failed without an HTTP answer (timeout, refused address, ...). */
  error: z.optional(z.string()),
})
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>

/**
 * One event for one subscription, and every attempt to deliver it. `pending` waits for its next
 * attempt (`nextAttemptAt`); `succeeded` and `failed` (retries exhausted, or the subscription
 * disabled or deleted) are final until an explicit retry.
 */
export const Delivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** The exact body sent, the event's envelope as JSON: every attempt sends the same bytes. */
  payload: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.array(DeliveryAttempt),
  nextAttemptAt: z.optional(z.iso.datetime()),
  /** While an attempt runs: no second attempt starts before this time (a crashed attempt is retried after it). */
  leaseUntil: z.optional(z.iso.datetime()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Delivery = z.infer<typeof Delivery>

const second = 1000
const minute = 60 * second
const hour = 60 * minute

/**
 * How long to wait after each failed attempt (docs/integrations.md, retries): eight attempts over
 * about 32 hours. After the last, the delivery has failed for good (an explicit retry remains).
 */
export const retryDelaysMs = [
  5 * second,
  5 * minute,
  30 * minute,
  2 * hour,
  5 * hour,
  10 * hour,
  10 * hour,
] as const
export const maxDeliveryAttempts = retryDelaysMs.length + 1

/** An endpoint whose every attempt failed for this long is disabled and its owner told. */
export const disableAfterFailingMs = 72 * hour

/** How long a rotated-out secret still signs deliveries. */
export const secretOverlapMs = 24 * hour

/** A receiver gets this long to answer. */
export const deliveryTimeoutMs = 10 * second

/** How much of a receiver's answer a delivery keeps. */
export const keptResponseBytes = 1024
