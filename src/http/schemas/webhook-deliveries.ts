import * as z from 'zod'
import { DeliveryAttempt as StoredAttempt } from '#src/domain/webhooks.ts'
import type { DeliveryView as DeliveryViewOfUseCase } from '#src/use-cases/webhooks/delivery-view.ts'
import { resourceId } from './cases.ts'

/** A delivery id: the event's time in base36 and a hash, 25 characters (`deliveryIdOf`). */
const deliveryId = z.string().regex(/^[0-9a-z]{25}$/, 'must be a delivery id (25 letters and digits)')

export const DeliveryParams = z.object({ webhookId: resourceId, deliveryId })

/** One attempt to deliver, as the receiver answered (or did not). */
export const DeliveryAttemptView = StoredAttempt.extend({
  number: z.number().int().positive().meta({ description: 'The attempt number, from 1' }),
  outcome: z.enum(['succeeded', 'failed']).meta({
    description:
      'Any 2xx is `succeeded`; any other status, a redirect, a timeout or a refused address `failed`',
  }),
  httpStatus: z.number().int().optional().meta({ description: "The receiver's status, if it answered" }),
  latencyMs: z.number().int().nonnegative().optional().meta({ description: 'How long the attempt took' }),
  response: z.string().optional().meta({ description: 'The first 1 KB of the answer' }),
  error: z.string().optional().meta({ description: 'Why the attempt failed without a 2xx answer' }),
}).meta({ description: 'One attempt of a delivery' })

/** A delivery as the API shows it (`presentDelivery`). */
export const DeliveryView = z
  .object({
    id: deliveryId,
    webhookId: z.string(),
    eventId: z.string().meta({ description: 'The event, also the `webhook-id` header of every attempt' }),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']).meta({
      description: '`pending` waits for its next attempt; `succeeded` and `failed` are final until a retry',
    }),
    attemptCount: z.number().int().nonnegative(),
    lastAttempt: DeliveryAttemptView.optional(),
    attempts: z.array(DeliveryAttemptView).meta({ description: 'Every attempt, oldest first' }),
    nextAttemptAt: z.iso.datetime().optional().meta({ description: 'When a pending delivery is tried next' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    description: 'One event for one webhook subscription, and every attempt to deliver it',
  }) satisfies z.ZodType<DeliveryViewOfUseCase>
export type DeliveryView = z.infer<typeof DeliveryView>

export const DeliveryList = z.object({ items: z.array(DeliveryView), nextCursor: z.string().nullable() })
