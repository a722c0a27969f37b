import { createSqsDeliveryQueue } from '#src/adapters/aws/sqs-delivery-queue.ts'
import { documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createDeliveryRepository } from '#src/adapters/dynamodb/delivery-repository.ts'
import { createWebhookSender } from '#src/adapters/net/webhook-sender.ts'
import { systemClock } from '#src/adapters/system.ts'
import { requireWebhookQueue, requireWebhookRetrySettings } from '#src/config.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { DeliveryQueue, DeliveryStore, WebhookSender } from '#src/use-cases/ports/webhooks.ts'
import type { AppDependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'
import { withWebhookStore } from './webhook-store-dependency.ts'

/** What the functions that make, queue or attempt webhook deliveries need beside the subscriptions. */
export interface WebhookDeliveryAdapters {
  deliveries: DeliveryStore
  deliveryQueue: DeliveryQueue
  webhookSender: WebhookSender
  /** The real time, for `webhook-timestamp`: receivers compare it with their own clocks. */
  signingClock: Clock
}

let deliveryQueue: DeliveryQueue | undefined
let webhookSender: WebhookSender | undefined

/**
 * Webhook deliveries (docs/integrations.md): the subscriptions (`withWebhookStore`), the delivery
 * items, the delivery queue and the sender, each built on first use and kept for the process. The
 * queue's settings (`WEBHOOK_QUEUE_URL`, `WEBHOOK_QUEUE_ARN`) are checked when the queue is first
 * used; the Scheduler settings (`SCHEDULE_GROUP`, `SCHEDULER_ROLE_ARN`, `TIMER_DLQ_ARN`) only
 * when a retry lies beyond the queue's 15-minute delay, which only the deliver function schedules.
 */
export function withWebhookDelivery<T extends AppDependencies>(deps: T) {
  return extendDependencies<ReturnType<typeof withWebhookStore<T>>, WebhookDeliveryAdapters>(
    withWebhookStore(deps),
    {
      deliveries: ({ dynamodb, config, kbCursors }) =>
        // `kbCursors` is the process's cursor codec, the one every list signs its cursors with.
        createDeliveryRepository(documentClientFor(dynamodb), config.tableName, kbCursors),
      deliveryQueue: ({ config, clock }) => {
        if (!deliveryQueue) {
          const queue = requireWebhookQueue(config.events)
          deliveryQueue = createSqsDeliveryQueue({
            queueUrl: queue.url,
            queueArn: queue.arn,
            region: config.region,
            sqsEndpoint: config.events.sqsEndpoint,
            scheduler: () => requireWebhookRetrySettings(config.scheduler),
            clock,
          })
        }
        return deliveryQueue
      },
      webhookSender: ({ config }) => {
        webhookSender ??= createWebhookSender({ allowLoopback: config.events.allowLoopbackWebhooks })
        return webhookSender
      },
      // Also under the local runtime's movable clock: a receiver checks the timestamp against now.
      signingClock: () => systemClock,
    },
  )
}
