import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler'
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createSqsDeliveryQueue,
  retryScheduleName,
  type SqsDeliveryQueueOptions,
} from '#src/adapters/aws/sqs-delivery-queue.ts'

const sqs = mockClient(SQSClient)
const scheduler = mockClient(SchedulerClient)

// Unit tests share one module graph: give the real clients back to the files that run later.
afterAll(() => {
  sqs.restore()
  scheduler.restore()
})

const now = new Date('2026-11-25T10:00:00.000Z')
const queueArn = 'arn:aws:sqs:eu-central-1:123456789012:caseline-dev-webhook-deliveries'
let schedulerSettingsRead = 0
const options: SqsDeliveryQueueOptions = {
  queueUrl: 'https://sqs.eu-central-1.amazonaws.com/123456789012/caseline-dev-webhook-deliveries',
  queueArn,
  region: 'eu-central-1',
  sqsEndpoint: undefined,
  scheduler: () => {
    schedulerSettingsRead++
    return {
      groupName: 'caseline-dev-timers',
      roleArn: 'arn:aws:iam::123456789012:role/scheduler',
      deadLetterArn: 'arn:aws:sqs:eu-central-1:123456789012:timers-dlq',
      endpoint: undefined,
    }
  },
  clock: { now: () => new Date(now) },
}
const ref = { webhookId: 'hook-1', deliveryId: '0mhx3k2a8a1b2c3d4e5f60718' }

beforeEach(() => {
  sqs.reset()
  scheduler.reset()
  schedulerSettingsRead = 0
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] })
  sqs.on(SendMessageCommand).resolves({})
  scheduler.on(CreateScheduleCommand).resolves({})
})

describe('createSqsDeliveryQueue', () => {
  it('sends deliveries in batches of ten, one message each', async () => {
    const refs = Array.from({ length: 23 }, (_, index) => ({ webhookId: 'hook-1', deliveryId: `d${index}` }))

    await createSqsDeliveryQueue(options).enqueue(refs)

    const batches = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries ?? [])
    expect(batches.map((entries) => entries.length)).toEqual([10, 10, 3])
    expect(JSON.parse(batches[0]?.[0]?.MessageBody ?? '')).toEqual({ webhookId: 'hook-1', deliveryId: 'd0' })
    expect(schedulerSettingsRead).toBe(0)
  })

  it('throws when the queue refused a message', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }],
    })

    await expect(createSqsDeliveryQueue(options).enqueue([ref])).rejects.toThrow(/refused 1 of 1/)
  })

  it('delays a retry up to 15 minutes away by the message itself', async () => {
    await createSqsDeliveryQueue(options).enqueueAt(ref, new Date(now.getTime() + 299_500))

    const [call] = sqs.commandCalls(SendMessageCommand)
    expect(call?.args[0].input).toMatchObject({ DelaySeconds: 300, MessageBody: JSON.stringify(ref) })
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0)
  })

  it('puts a later retry on a one-time schedule that targets the queue', async () => {
    const at = new Date(now.getTime() + 30 * 60_000 + 10_000)

    await createSqsDeliveryQueue(options).enqueueAt(ref, at)

    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0)
    const [call] = scheduler.commandCalls(CreateScheduleCommand)
    expect(call?.args[0].input).toMatchObject({
      Name: retryScheduleName(ref, at),
      GroupName: 'caseline-dev-timers',
      // Scheduler runs within the minute: rounded up, never early.
      ScheduleExpression: 'at(2026-11-25T10:31:00)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: queueArn,
        RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
        Input: JSON.stringify(ref),
        DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-central-1:123456789012:timers-dlq' },
      },
    })
    expect(retryScheduleName(ref, at)).toMatch(/^[0-9a-zA-Z._-]{1,64}$/)
  })

  it('takes an existing schedule of the same retry as done', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }))

    await expect(
      createSqsDeliveryQueue(options).enqueueAt(ref, new Date(now.getTime() + 2 * 60 * 60_000)),
    ).resolves.toBeUndefined()
  })
})
