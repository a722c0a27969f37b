import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  SchedulerClient,
} from '@aws-sdk/client-scheduler'
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { DeliveryQueue, DeliveryRef } from '#src/use-cases/ports/webhooks.ts'
import { atExpression, deliveryTime } from './eventbridge-scheduler.ts'

/** Where late retries are scheduled: the stage's schedule group, the role Scheduler sends with, its dead-letter queue. */
export interface RetryScheduleSettings {
  groupName: string
  roleArn: string
  deadLetterArn: string
  /** Only locally: the endpoint that speaks the Scheduler API. */
  endpoint: string | undefined
}

export interface SqsDeliveryQueueOptions {
  queueUrl: string
  queueArn: string
  region: string
  /** Only locally: the endpoint that speaks the SQS API. */
  sqsEndpoint: string | undefined
  /**
   * The Scheduler settings, read on the first retry later than SQS can delay: functions that only
   * queue deliveries for now (the event handler, the retry and test routes) need none.
   */
  scheduler: () => RetryScheduleSettings
  clock: Clock
}

/** The longest delay SQS gives a message (15 minutes); a later retry becomes a one-time schedule. */
export const maxQueueDelaySeconds = 900

/** SendMessageBatch takes at most ten messages. */
const batchSize = 10

/**
 * How Scheduler retries putting a late retry's message on the queue before it dead-letters it: the
 * queue is in the same account and region, so only an outage or a broken role fails, and an hour
 * rides out the one while the dead-letter alarm reports the other.
 */
export const retryScheduleRetryPolicy = {
  MaximumRetryAttempts: 10,
  MaximumEventAgeInSeconds: 60 * 60,
} as const

/** A queue message: which delivery to attempt; everything else is read from the table. */
export function deliveryMessageBody(ref: DeliveryRef): string {
  return JSON.stringify({ webhookId: ref.webhookId, deliveryId: ref.deliveryId })
}

/**
 * The one-time schedule's name: the delivery and the retry's time, so scheduling the same retry
 * twice (a redelivered message) finds the existing schedule. Delivery ids are base36 and hex, so the
 * name keeps to Scheduler's 64 characters of `[0-9a-zA-Z._-]`.
 */
export function retryScheduleName(ref: DeliveryRef, at: Date): string {
  return `webhook-${ref.deliveryId}-${Math.floor(at.getTime() / 1000).toString(36)}`.slice(0, 64)
}

/**
 * The webhook delivery queue (docs/integrations.md, why SQS and Scheduler): an SQS queue the
 * deliver function consumes. A retry up to 15 minutes away is the message's own delay; a later one
 * is an EventBridge Scheduler one-time schedule whose target is the queue (Scheduler sends the
 * schedule's input as the message body), deleted after it ran, with a retry policy and a
 * dead-letter queue. The adapter owns its clients, built once per cold start with it.
 */
export function createSqsDeliveryQueue(options: SqsDeliveryQueueOptions): DeliveryQueue {
  const sqs = new SQSClient({
    region: options.region,
    ...(options.sqsEndpoint ? { endpoint: options.sqsEndpoint } : {}),
    maxAttempts: 3,
  })
  let scheduler: { client: SchedulerClient; settings: RetryScheduleSettings } | undefined
  const schedulerOf = () => {
    if (!scheduler) {
      const settings = options.scheduler()
      const client = new SchedulerClient({
        region: options.region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        maxAttempts: 3,
      })
      scheduler = { client, settings }
    }
    return scheduler
  }

  async function schedule(ref: DeliveryRef, at: Date): Promise<void> {
    const { client, settings } = schedulerOf()
    // The local endpoint fires to the second; in AWS a schedule runs within its minute, so the time
    // is rounded up: a message that arrives early finds its delivery not yet due.
    const runAt = deliveryTime(at, options.clock.now(), settings.endpoint ? 'second' : 'minute')
    const input: CreateScheduleCommandInput = {
      Name: retryScheduleName(ref, at),
      GroupName: settings.groupName,
      Description: `Caseline webhook retry of delivery ${ref.deliveryId} (webhook ${ref.webhookId})`,
      ScheduleExpression: atExpression(runAt),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: options.queueArn,
        RoleArn: settings.roleArn,
        Input: deliveryMessageBody(ref),
        RetryPolicy: { ...retryScheduleRetryPolicy },
        DeadLetterConfig: { Arn: settings.deadLetterArn },
      },
    }
    try {
      await client.send(new CreateScheduleCommand(input))
    } catch (error) {
      // The same retry scheduled before (a redelivered message): one schedule is enough.
      if (!(error instanceof ConflictException)) throw error
    }
  }

  return {
    async enqueue(refs) {
      for (let start = 0; start < refs.length; start += batchSize) {
        const chunk = refs.slice(start, start + batchSize)
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: chunk.map((ref, index) => ({
              Id: String(index),
              MessageBody: deliveryMessageBody(ref),
            })),
          }),
        )
        const failed = result.Failed ?? []
        if (failed.length > 0)
          throw new Error(
            `The delivery queue refused ${failed.length} of ${chunk.length} messages: ${failed
              .map((entry) => `${entry.Code ?? 'unknown'}${entry.Message ? ` (${entry.Message})` : ''}`)
              .join(', ')}`,
          )
      }
    },

    async enqueueAt(ref, at) {
      const delaySeconds = Math.max(0, Math.ceil((at.getTime() - options.clock.now().getTime()) / 1000))
      if (delaySeconds > maxQueueDelaySeconds) return schedule(ref, at)
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: deliveryMessageBody(ref),
          DelaySeconds: delaySeconds,
        }),
      )
    },
  }
}
