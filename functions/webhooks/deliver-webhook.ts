import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { errorFields, logger } from '#src/logger.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { mailer } from '#src/runtime/mail-dependencies.ts'
import { clock } from '#src/runtime/table-context.ts'
import {
  deliveryQueue,
  deliveryStore,
  signingClock,
  webhookSender,
} from '#src/runtime/webhook-delivery-dependencies.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { type DeliverWebhookDeps, deliverWebhook } from '#src/use-cases/webhooks/deliver-webhook.ts'
import * as z from '#src/zod.ts'

/** A queue message: which delivery to attempt (`deliveryMessageBody`). */
const DeliveryMessage = z.object({
  webhookId: z.string().check(z.minLength(1), z.maxLength(64)),
  deliveryId: z.string().check(z.minLength(1), z.maxLength(64)),
})

/**
 * Attempts the deliveries of one batch of queue messages (docs/integrations.md, deliveries and
 * retries), all at once: a slow or dead endpoint must not hold back another subscriber's delivery.
 * A failed HTTP attempt is an outcome, recorded with its retry; only an unexpected error (the table,
 * the queue) reports its message as failed, so SQS redelivers it after the visibility timeout and,
 * after repeated failures, moves it to the dead-letter queue. A malformed message can never become
 * valid: it is logged and dropped, never retried.
 */
export async function handleDeliveryMessages(
  event: SQSEvent,
  deps: () => DeliverWebhookDeps,
): Promise<SQSBatchResponse> {
  const failures = await Promise.all(event.Records.map((record) => handleRecord(record, deps)))
  return { batchItemFailures: failures.filter((failure) => failure !== undefined) }
}

async function handleRecord(
  record: SQSRecord,
  deps: () => DeliverWebhookDeps,
): Promise<SQSBatchItemFailure | undefined> {
  let json: unknown
  try {
    json = JSON.parse(record.body)
  } catch {
    json = undefined
  }
  const parsed = DeliveryMessage.safeParse(json)
  if (!parsed.success) {
    logger.error('malformed delivery message dropped', { messageId: record.messageId })
    return undefined
  }
  try {
    const result = await deliverWebhook(parsed.data, deps())
    logger.info('webhook delivery handled', { ...parsed.data, ...result })
    return undefined
  } catch (error) {
    logger.error('webhook delivery failed; the message will be retried', {
      ...parsed.data,
      messageId: record.messageId,
      ...errorFields(error),
    })
    return { itemIdentifier: record.messageId }
  }
}

const deliveryDependencies: DeliverWebhookDeps = lazyDependencies({
  deliveries: deliveryStore,
  webhooks: webhookStore,
  deliveryQueue,
  webhookSender,
  // Mail is only sent when an endpoint is disabled; its settings are read then.
  mailer,
  clock,
  signingClock,
})

/** The deliver function: the delivery queue's consumer (`ReportBatchItemFailures`). */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  handleDeliveryMessages(event, () => deliveryDependencies)
