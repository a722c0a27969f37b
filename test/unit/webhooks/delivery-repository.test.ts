import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createDeliveryRepository } from '#src/adapters/dynamodb/delivery-repository.ts'
import { webhookKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Delivery } from '#src/domain/webhooks.ts'
import { newDelivery } from '#src/use-cases/webhooks/fan-out.ts'
import { now } from '../fakes/core.ts'
import { mockedDocumentClient } from '../fakes/document-client.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const repository = createDeliveryRepository(doc, tableName, async () => cursors)

const delivery = newDelivery(
  'hook-1',
  { id: 'evt_1', type: 'case.created', version: 1, time: now.toISOString(), sequence: 1, data: {} },
  now,
)
const ref = { webhookId: 'hook-1', deliveryId: delivery.id }
const stored = (d: Delivery) => ({
  ...webhookKeys.delivery(d.webhookId, d.id),
  entity: 'webhookDelivery',
  ...d,
})
const conditionFailed = () =>
  Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' })

beforeEach(() => {
  ddb.reset()
})

describe('createDeliveryRepository', () => {
  it('keeps an existing delivery when the fan-out runs again', async () => {
    const earlier = { ...delivery, status: 'succeeded' as const }
    ddb.on(PutCommand).rejects(conditionFailed())
    ddb.on(GetCommand).resolves({ Item: stored(earlier) })

    const result = await repository.createMany([delivery])

    expect(result).toEqual([earlier])
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(pk)',
    )
  })

  it('claims only a pending, due delivery whose lease has passed', async () => {
    const lease = new Date(now.getTime() + 60_000)
    ddb.on(UpdateCommand).resolves({ Attributes: stored({ ...delivery, leaseUntil: lease.toISOString() }) })

    const claimed = await repository.claim(ref, now, lease)

    expect(claimed?.leaseUntil).toBe(lease.toISOString())
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input
    expect(input?.Key).toEqual(webhookKeys.delivery('hook-1', delivery.id))
    expect(input?.ConditionExpression).toContain('nextAttemptAt <= :now')
    expect(input?.ConditionExpression).toContain('leaseUntil <= :now')
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':pending': 'pending',
      ':now': now.toISOString(),
    })
  })

  it('answers nothing to claim when the condition fails', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed())

    await expect(repository.claim(ref, now, new Date(now.getTime() + 60_000))).resolves.toBeUndefined()
  })

  it('records a final attempt by releasing the lease and the next attempt time', async () => {
    ddb.on(UpdateCommand).resolves({})

    await repository.recordAttempt(
      ref,
      { number: 1, at: now.toISOString(), outcome: 'succeeded', httpStatus: 200 },
      { status: 'succeeded', updatedAt: now.toISOString() },
    )

    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input
    expect(input?.UpdateExpression).toMatch(/REMOVE leaseUntil, nextAttemptAt$/)
    expect(input?.ExpressionAttributeValues?.[':attempt']).toEqual([
      { number: 1, at: now.toISOString(), outcome: 'succeeded', httpStatus: 200 },
    ])
  })

  it('reopens only a final delivery', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed())

    await expect(repository.reopen(ref, now.toISOString())).resolves.toBeUndefined()
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toContain(
      '#status <> :pending',
    )
  })
})
