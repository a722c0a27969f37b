import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { webhookKeys } from '#src/adapters/dynamodb/keys.ts'
import { createWebhookRepository } from '#src/adapters/dynamodb/webhook-repository.ts'
import { StaleWebhookError } from '#src/domain/errors.ts'
import { rejectionOf } from '../fakes/core.ts'
import { aWebhook } from './subscription-fakes.ts'

const tableName = 'caseline-test'
const ddb = mockClient(DynamoDBDocumentClient)

// Unit tests share one module graph: give the real clients back to the files that run later.
afterAll(() => {
  ddb.restore()
})
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }))
const cursors = createCursorCodec('unit-test-cursor-secret-0123456789abcdef')
const repository = createWebhookRepository(doc, tableName, async () => cursors)

const acmeHook = aWebhook({ id: 'acme-hook', accountId: 'acme' })
const stored = (webhook = acmeHook) => ({ ...webhookKeys.item(webhook.id), entity: 'webhook', ...webhook })

beforeEach(() => {
  ddb.reset()
})

describe('the webhook repository', () => {
  it('creates a subscription only where none has its key', async () => {
    ddb.on(PutCommand).resolves({})

    await repository.create(acmeHook)

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: stored(),
      ConditionExpression: 'attribute_not_exists(pk)',
    })
  })

  it('finds a subscription within the scope, without its keys; outside it, nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() })

    const forAcme = await repository.find({ kind: 'account', accountId: 'acme' }, 'acme-hook')
    const forGlobex = await repository.find({ kind: 'account', accountId: 'globex' }, 'acme-hook')
    const forStaff = await repository.find({ kind: 'all' }, 'acme-hook')

    expect(forAcme).toEqual(acmeHook)
    expect(forGlobex).toBeUndefined()
    expect(forStaff).toEqual(acmeHook)
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: webhookKeys.item('acme-hook'),
      ConsistentRead: true,
    })
  })

  it("hides the operator's subscription from an account scope", async () => {
    ddb.on(GetCommand).resolves({ Item: stored(aWebhook({ id: 'operator-hook' })) })

    expect(await repository.find({ kind: 'account', accountId: 'acme' }, 'operator-hook')).toBeUndefined()
  })

  it("lists an account's subscriptions with a filter on the account, and every one for staff", async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored()] })

    const page = await repository.list({ kind: 'account', accountId: 'acme' }, { limit: 10 })
    await repository.list({ kind: 'all' }, { limit: 10 })

    expect(page).toEqual({ items: [acmeHook], nextCursor: null })
    const [customers, staff] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)
    expect(customers).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'WEBHOOKS', ':prefix': 'WEBHOOK#', ':accountId': 'acme' },
      FilterExpression: '#accountId = :accountId',
    })
    expect(staff?.FilterExpression).toBeUndefined()
  })

  it('saves on the version read, and a moved-on version is a StaleWebhookError', async () => {
    const cancelled = Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    })
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejectsOnce(cancelled)
    const next = { ...acmeHook, version: 2 }

    await repository.save(next, 1)
    const error = await rejectionOf(repository.save(next, 1))

    const put = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Put
    expect(put).toMatchObject({ Item: stored(next), ExpressionAttributeValues: { ':expected': 1 } })
    expect(error).toBeInstanceOf(StaleWebhookError)
  })

  it('reads every subscription consistently, page after page', async () => {
    const second = aWebhook({ id: 'operator-hook' })
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [stored()], LastEvaluatedKey: webhookKeys.item('acme-hook') })
      .resolvesOnce({ Items: [stored(second)] })

    const all = await repository.all()

    expect(all).toEqual([acmeHook, second])
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)
    expect(calls.map((input) => input.ConsistentRead)).toEqual([true, true])
    expect(calls[1]?.ExclusiveStartKey).toEqual(webhookKeys.item('acme-hook'))
  })

  it('removes a subscription by its key', async () => {
    ddb.on(DeleteCommand).resolves({})

    await repository.remove('acme-hook')

    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual(webhookKeys.item('acme-hook'))
  })
})
