import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type LocalSchedulerEndpoint, startSchedulerEndpoint } from '#local/scheduler-endpoint.ts'
import { scheduleTargets } from '#local/services.ts'
import { type LocalSqsQueue, startSqsEndpoint } from '#local/sqs-endpoint.ts'

const timerArn = 'arn:aws:lambda:us-east-1:000000000000:function:caseline-test-fire-timer'
const roleArn = 'arn:aws:iam::000000000000:role/caseline-test-scheduler'
const due = new Date('2026-12-02T10:00:00Z')

describe('the local Scheduler’s targets', () => {
  let queue: LocalSqsQueue
  let scheduler: LocalSchedulerEndpoint
  let client: SchedulerClient
  let timerInputs: unknown[]

  beforeEach(async () => {
    timerInputs = []
    queue = await startSqsEndpoint({
      queueName: 'caseline-test-webhooks',
      now: () => due,
      invoke: async () => undefined,
    })
    scheduler = await startSchedulerEndpoint({
      invoke: scheduleTargets(queue, async (input) => {
        timerInputs.push(input)
      }),
    })
    client = new SchedulerClient({
      endpoint: scheduler.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
  })
  afterEach(async () => {
    client.destroy()
    await scheduler.stop()
    await queue.stop()
  })

  const schedule = (Name: string, Arn: string, Input: string) =>
    client.send(
      new CreateScheduleCommand({
        Name,
        GroupName: 'caseline-test',
        ScheduleExpression: 'at(2026-12-02T10:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { Arn, RoleArn: roleArn, Input },
      }),
    )

  it('puts the Input of a schedule that targets the queue on the queue, as written', async () => {
    // Arrange
    const input = '{"webhookId":"wh_1", "deliveryId":"dl_1"}'
    await schedule('webhook-dl_1-retry', queue.queueArn, input)

    // Act
    const fired = await scheduler.fireDue(due)

    // Assert
    expect(fired.map((f) => f.outcome)).toEqual(['fired'])
    expect(queue.messages().map((m) => m.body)).toEqual([input])
    expect(timerInputs).toEqual([])
  })

  it('invokes the timer function with every other schedule’s Input', async () => {
    // Arrange
    await schedule('case-1-auto-close', timerArn, '{"caseId":"1","kind":"auto-close"}')

    // Act
    await scheduler.fireDue(due)

    // Assert
    expect(timerInputs).toEqual([{ caseId: '1', kind: 'auto-close' }])
    expect(queue.messages()).toEqual([])
  })
})
