import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createWatcherRepository } from '#src/adapters/dynamodb/watcher-repository.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import { now } from '../fakes/core.ts'
import { mockedDocumentClient } from '../fakes/document-client.ts'
import { aWatcher } from '../fakes/watchers.ts'

const { ddb, doc, tableName } = mockedDocumentClient()
const repository = createWatcherRepository(doc, tableName)

const watcher = aWatcher({ caseId: 'c1', userId: 'bob' })
const event: CaseEvent = {
  id: 'e1',
  caseId: 'c1',
  accountId: 'acme',
  type: 'case.watcher_added',
  action: 'watch',
  actor: { userId: 'alice', role: 'customer' },
  at: now.toISOString(),
  visibility: 'public',
  changes: [],
  details: { userId: 'bob', kind: 'contact' },
}

beforeEach(() => {
  ddb.reset()
})

describe('the watcher repository', () => {
  it("writes the watcher in the case's partition and its event in one transaction, each only if absent", async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    const written = await repository.insertWatcher({ watcher, event })

    // Assert
    expect(written).toBe(true)
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.map((i) => [i.Put?.Item?.pk, i.Put?.Item?.sk, i.Put?.ConditionExpression])).toEqual([
      ['CASE#c1', 'WATCHER#bob', 'attribute_not_exists(pk)'],
      ['CASE#c1', expect.stringMatching(/^EVENT#/), 'attribute_not_exists(pk)'],
    ])
    expect(items[0]?.Put?.Item).toMatchObject({ entity: 'caseWatcher', kind: 'contact', accountId: 'acme' })
  })

  it('answers false when the person watches already, and throws any other failure', async () => {
    const cancelled = (code: string) =>
      Object.assign(new Error('cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: code }, { Code: 'None' }],
      })
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'))
    await expect(repository.insertWatcher({ watcher, event })).resolves.toBe(false)
    ddb.reset()
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'))
    await expect(repository.insertWatcher({ watcher, event })).rejects.toThrow('cancelled')
  })

  it('removes a watcher only while it exists', async () => {
    ddb.on(TransactWriteCommand).resolves({})
    await repository.deleteWatcher({ watcher, event: { ...event, type: 'case.watcher_removed' } })
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect([items[0]?.Delete?.Key, items[0]?.Delete?.ConditionExpression]).toEqual([
      { pk: 'CASE#c1', sk: 'WATCHER#bob' },
      'attribute_exists(pk)',
    ])
  })

  it("reads a case's watchers with one consistent Query of its partition, without storage keys", async () => {
    // Arrange
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ pk: 'CASE#c1', sk: 'WATCHER#bob', entity: 'caseWatcher', ...watcher }] })

    // Act
    const watchers = await repository.listWatchers('c1')

    // Assert
    expect(watchers).toEqual([watcher])
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CASE#c1', ':prefix': 'WATCHER#' },
      ConsistentRead: true,
    })
  })
})
