import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { createDirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import { contactKeys } from '#src/adapters/dynamodb/keys.ts'
import { aContact } from '../../fakes.ts'

const ddb = mockClient(DynamoDBDocumentClient)
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }))
const directory = createDirectoryRepository(doc, 'caseline-test')
const alice = aContact({ email: 'Alice@ACME.example' })

function cancelled(code: string): Error {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'None' }, { Code: code }],
  })
}

beforeEach(() => {
  ddb.reset()
})

describe('findContact', () => {
  it('returns the stored contact without its keys', async () => {
    ddb.on(GetCommand).resolves({
      Item: { ...contactKeys.item(alice.id), ...contactKeys.indexes(alice), entity: 'contact', ...alice },
    })

    expect(await directory.findContact('alice')).toEqual(alice)
  })

  it('returns undefined for an unknown contact', async () => {
    ddb.on(GetCommand).resolves({})

    expect(await directory.findContact('nobody')).toBeUndefined()
  })
})

describe('registerContactIfAbsent', () => {
  it('writes the contact and a lower-cased e-mail claim in one conditional transaction', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    const created = await directory.registerContactIfAbsent(alice)

    // Assert
    expect(created).toBe(true)
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.map((i) => i.Put?.Item?.pk)).toEqual(['CONTACT#alice', 'EMAIL#alice@acme.example'])
    expect(items.every((i) => i.Put?.ConditionExpression === 'attribute_not_exists(pk)')).toBe(true)
  })

  it('answers false when the contact or its address already exists', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'))

    expect(await directory.registerContactIfAbsent(alice)).toBe(false)
  })

  it('lets a transaction conflict reach the caller', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'))

    await expect(directory.registerContactIfAbsent(alice)).rejects.toThrow('Transaction cancelled')
  })
})
