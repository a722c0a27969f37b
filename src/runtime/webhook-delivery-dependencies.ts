import { createSqsDeliveryQueue } from '#src/adapters/aws/sqs-delivery-queue.ts'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { createDeliveryRepository } from '#src/adapters/dynamodb/delivery-repository.ts'
import { createWebhookSender } from '#src/adapters/net/webhook-sender.ts'
import { systemClock } from '#src/adapters/system.ts'
import { requireWebhookQueue, requireWebhookRetrySettings } from '#src/config.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { DeliveryQueue, DeliveryStore, WebhookSender } from '#src/use-cases/ports/webhooks.ts'
import { noCursors, tableContext } from './table-context.ts'

/**
 * Webhook delivery items (docs/integrations.md), for the functions that make, list or attempt
 * deliveries. The deliveries' list needs `cursorCodec` (`cursor-codec.ts`).
 */
export function deliveryStore(cursors: () => Promise<CursorCodec> = noCursors): DeliveryStore {
  const { doc, config } = tableContext()
  return createDeliveryRepository(doc, config.tableName, cursors)
}

let queue: DeliveryQueue | undefined

/**
 * The delivery queue (SQS), built once per process on first use. Its settings
 * (`WEBHOOK_QUEUE_URL`, `WEBHOOK_QUEUE_ARN`) are checked then; the Scheduler settings
 * (`SCHEDULE_GROUP`, `SCHEDULER_ROLE_ARN`, `TIMER_DLQ_ARN`) only when a retry lies beyond the
 * queue's 15-minute delay, which only the deliver function schedules.
 */
export function deliveryQueue(): DeliveryQueue {
  if (!queue) {
    const { config, clock } = tableContext()
    const settings = requireWebhookQueue(config.events)
    queue = createSqsDeliveryQueue({
      queueUrl: settings.url,
      queueArn: settings.arn,
      region: config.region,
      sqsEndpoint: config.events.sqsEndpoint,
      scheduler: () => requireWebhookRetrySettings(config.scheduler),
      clock,
    })
  }
  return queue
}

let sender: WebhookSender | undefined

/** Signs and POSTs a delivery, built once per process on first use. */
export function webhookSender(): WebhookSender {
  sender ??= createWebhookSender({ allowLoopback: tableContext().config.events.allowLoopbackWebhooks })
  return sender
}

/** The real time, for `webhook-timestamp`, also under the local runtime's movable clock: receivers compare it with their own clocks. */
export const signingClock = (): Clock => systemClock
