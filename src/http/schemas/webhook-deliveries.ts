import { DeliveryAttempt as StoredAttempt } from '#src/domain/webhooks.ts'
import type { DeliveryView as DeliveryViewOfUseCase } from '#src/use-cases/webhooks/delivery-view.ts'
import * as z from '#src/zod.ts'
import { webhookIdParam } from './webhooks.ts'

/** A delivery id: the event's time in base36 and a hash, 25 characters (`deliveryIdOf`). */
const deliveryId = z
  .string()
  .check(z.regex(/^[0-9a-z]{25}$/, 'must be a delivery id (25 letters and digits)'))
  .register(z.globalRegistry, {
    description: 'The delivery: one event sent to the webhook, with its attempts',
  })

export const DeliveryParams = z.object({ webhookId: webhookIdParam, deliveryId })

/** One attempt to deliver, as the receiver answered (or did not). */
export const DeliveryAttemptView = z
  .extend(StoredAttempt, {
    number: z
      .number()
      .check(z.int(), z.positive())
      .register(z.globalRegistry, { description: 'The attempt number, from 1' }),
    outcome: z.enum(['succeeded', 'failed']).register(z.globalRegistry, {
      description:
        'Any 2xx is `succeeded`; any other status, a redirect, a timeout or a refused address `failed`',
    }),
    httpStatus: z
      .optional(z.number().check(z.int()))
      .register(z.globalRegistry, { description: "The receiver's status, if it answered" }),
    latencyMs: z
      .optional(z.number().check(z.int(), z.nonnegative()))
      .register(z.globalRegistry, { description: 'How long the attempt took' }),
    response: z
      .optional(z.string())
      .register(z.globalRegistry, { description: 'The first 1 KB of the answer' }),
    error: z
      .optional(z.string())
      .register(z.globalRegistry, { description: 'Why the attempt failed without a 2xx answer' }),
  })
  .register(z.globalRegistry, { description: 'One attempt of a delivery' })

/** A delivery as the API shows it (`presentDelivery`). */
export const DeliveryView = z
  .object({
    id: deliveryId,
    webhookId: z.string(),
    eventId: z.string().register(z.globalRegistry, {
      description: 'The event, also the `webhook-id` header of every attempt',
    }),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']).register(z.globalRegistry, {
      description: '`pending` waits for its next attempt; `succeeded` and `failed` are final until a retry',
    }),
    attemptCount: z.number().check(z.int(), z.nonnegative()),
    lastAttempt: z.optional(DeliveryAttemptView),
    attempts: z
      .array(DeliveryAttemptView)
      .register(z.globalRegistry, { description: 'Every attempt, oldest first' }),
    nextAttemptAt: z
      .optional(z.iso.datetime())
      .register(z.globalRegistry, { description: 'When a pending delivery is tried next' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, {
    description: 'One event for one webhook subscription, and every attempt to deliver it',
  }) satisfies z.core.$ZodType<DeliveryViewOfUseCase>
export type DeliveryView = z.infer<typeof DeliveryView>

export const DeliveryList = z.object({ items: z.array(DeliveryView), nextCursor: z.nullable(z.string()) })
