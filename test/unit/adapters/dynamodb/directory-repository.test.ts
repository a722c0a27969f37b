import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { createDirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import { accountKeys, contactKeys } from '#src/adapters/dynamodb/keys.ts'
import { StaleAccountError, StaleContactError } from '#src/domain/errors.ts'
import { aContact, anAccount, rejectionOf } from '../../fakes/core.ts'

const ddb = mockClient(DynamoDBDocumentClient)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  ddb.restore()
})
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }))
const cursors = createCursorCodec('a-cursor-secret-of-at-least-32-characters')
const directory = createDirectoryRepository(doc, 'caseline-test', async () => cursors)
const alice = aContact({ email: 'Alice@ACME.example' })

function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  })
}

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

describe('findContactsAndAccount', () => {
  const acme = anAccount()
  const adam = aContact({ id: 'adam', email: 'adam@acme.example', role: 'customer_admin' })
  const stored = {
    alice: { ...contactKeys.item(alice.id), ...contactKeys.indexes(alice), entity: 'contact', ...alice },
    adam: { ...contactKeys.item(adam.id), ...contactKeys.indexes(adam), entity: 'contact', ...adam },
    acme: { ...accountKeys.item(acme.id), ...accountKeys.indexes(acme), entity: 'account', ...acme },
  }

  it('reads the contacts and the account with one BatchGetItem, without their keys', async () => {
    // Arrange
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { 'caseline-test': [stored.acme, stored.adam, stored.alice] } })

    // Act
    const found = await directory.findContactsAndAccount(['alice', 'adam'], 'acme')

    // Assert
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0)
    const batches = ddb.commandCalls(BatchGetCommand)
    expect(batches).toHaveLength(1)
    expect(batches[0]?.args[0].input.RequestItems).toEqual({
      'caseline-test': {
        Keys: [contactKeys.item('alice'), contactKeys.item('adam'), accountKeys.item('acme')],
      },
    })
    expect(found).toEqual({
      contacts: new Map([
        ['alice', alice],
        ['adam', adam],
      ]),
      account: acme,
    })
  })

  it('leaves out what is not stored', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'caseline-test': [stored.alice] } })

    const found = await directory.findContactsAndAccount(['alice', 'nobody'], 'gone')

    expect(found).toEqual({ contacts: new Map([['alice', alice]]), account: undefined })
  })

  it('names a key once even when a contact is asked for twice (DynamoDB refuses duplicates)', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'caseline-test': [stored.alice] } })

    await directory.findContactsAndAccount(['alice', 'alice'], 'acme')

    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems).toEqual({
      'caseline-test': { Keys: [contactKeys.item('alice'), accountKeys.item('acme')] },
    })
  })

  it('asks again for the keys DynamoDB left unprocessed', async () => {
    // Arrange: throttled, DynamoDB answers the contact first and the account on the second request.
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { 'caseline-test': [stored.alice] },
        UnprocessedKeys: { 'caseline-test': { Keys: [accountKeys.item('acme')] } },
      })
      .resolvesOnce({ Responses: { 'caseline-test': [stored.acme] } })

    // Act
    const found = await directory.findContactsAndAccount(['alice'], 'acme')

    // Assert
    const batches = ddb.commandCalls(BatchGetCommand)
    expect(batches).toHaveLength(2)
    expect(batches[1]?.args[0].input.RequestItems).toEqual({
      'caseline-test': { Keys: [accountKeys.item('acme')] },
    })
    expect(found).toEqual({ contacts: new Map([['alice', alice]]), account: acme })
  })

  it('gives up with an error when keys stay unprocessed', async () => {
    // Arrange
    ddb.on(BatchGetCommand).resolves({
      Responses: { 'caseline-test': [] },
      UnprocessedKeys: { 'caseline-test': { Keys: [accountKeys.item('acme')] } },
    })

    vi.useFakeTimers()

    // Act: the pauses between the attempts pass at once
    const answer = rejectionOf(directory.findContactsAndAccount([], 'acme'))
    await vi.runAllTimersAsync()
    const error = await answer
    vi.useRealTimers()

    // Assert: a 5xx, never an answer that claims the account does not exist
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/unprocessed/)
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(5)
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

describe('putAccountIfAbsent', () => {
  it('writes the account with its place in the all-accounts list, only if the id is free', async () => {
    ddb.on(PutCommand).resolves({})

    expect(await directory.putAccountIfAbsent(anAccount({ name: 'ACME Corp' }))).toBe(true)

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: {
        pk: 'ACCOUNT#acme',
        sk: 'ACCOUNT',
        gsi2pk: 'ACCOUNTS',
        gsi2sk: 'acme corp#acme',
        entity: 'account',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    })
  })

  it('answers false for a taken id', async () => {
    ddb.on(PutCommand).rejects(conditionFailed())

    expect(await directory.putAccountIfAbsent(anAccount())).toBe(false)
  })
})

describe('listAccounts', () => {
  it('reads the ACCOUNTS partition of gsi2 by name, without the storage keys', async () => {
    // Arrange
    const stored = anAccount({ version: 2 })
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...accountKeys.item('acme'),
          gsi2pk: 'ACCOUNTS',
          gsi2sk: 'acme#acme',
          entity: 'account',
          ...stored,
        },
      ],
    })

    // Act
    const page = await directory.listAccounts({ limit: 10 })

    // Assert
    expect(page).toEqual({ items: [stored], nextCursor: null })
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi2',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ACCOUNTS' },
      ScanIndexForward: true,
      Limit: 11,
    })
  })
})

describe('updateAccount', () => {
  it('sets the named fields, removes the nulled ones, moves a renamed account in the list and counts the version', async () => {
    // Arrange
    ddb.on(UpdateCommand).resolves({ Attributes: { ...anAccount({ name: 'ACME AG', version: 3 }), pk: 'x' } })

    // Act
    const updated = await directory.updateAccount(
      'acme',
      { name: 'ACME AG', accountManagerId: null },
      { at: '2026-11-25T10:00:00.000Z', expectedVersion: 2 },
    )

    // Assert
    expect(updated).toEqual(anAccount({ name: 'ACME AG', version: 3 }))
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input
    expect(input?.Key).toEqual({ pk: 'ACCOUNT#acme', sk: 'ACCOUNT' })
    expect(input?.UpdateExpression).toBe(
      'SET #name = :name, #updatedAt = :updatedAt, #gsi2pk = :gsi2pk, #gsi2sk = :gsi2sk, #version = if_not_exists(#version, :one) + :one REMOVE #accountManagerId',
    )
    expect(input?.ConditionExpression).toBe('attribute_exists(pk) AND #version = :expected')
    expect(input?.ExpressionAttributeValues).toMatchObject({ ':gsi2sk': 'acme ag#acme', ':expected': 2 })
  })

  it('takes an account stored without a version as version 1', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: anAccount({ version: 2 }) })

    await directory.updateAccount(
      'acme',
      { locale: 'en' },
      { at: '2026-11-25T10:00:00.000Z', expectedVersion: 1 },
    )

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_exists(pk) AND (attribute_not_exists(#version) OR #version = :expected)',
    )
  })

  it('only requires the account to exist without an expected version', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: anAccount({ version: 2 }) })

    await directory.updateAccount('acme', { locale: 'en' }, { at: '2026-11-25T10:00:00.000Z' })

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toBe('attribute_exists(pk)')
  })

  it('tells a stale version (StaleAccountError) from a missing account (undefined) by reading it', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed())
    ddb.on(GetCommand).resolvesOnce({ Item: anAccount() }).resolvesOnce({})
    const change = { at: '2026-11-25T10:00:00.000Z', expectedVersion: 4 }

    const stale = await rejectionOf(directory.updateAccount('acme', { locale: 'en' }, change))
    const missing = await directory.updateAccount('nope', { locale: 'en' }, change)

    expect(stale).toBeInstanceOf(StaleAccountError)
    expect(missing).toBeUndefined()
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true)
  })
})

describe('listContacts', () => {
  it("reads the account's contacts from gsi1 by address", async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ ...contactKeys.item(alice.id), ...contactKeys.indexes(alice), ...alice }] })

    const page = await directory.listContacts('acme', { limit: 25 })

    expect(page.items).toEqual([alice])
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'ACCOUNT#acme', ':prefix': 'CONTACT#' },
      ScanIndexForward: true,
    })
  })

  it('refuses a cursor issued for another account', async () => {
    const foreign = cursors.encode({ partition: 'ACCOUNT#globex', key: {} }, 'contacts|globex')

    const error = await rejectionOf(directory.listContacts('acme', { limit: 25, cursor: foreign }))

    expect((error as { status?: number }).status).toBe(400)
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0)
  })
})

describe('updateContact', () => {
  it('sets the named fields if account, role and active flag are still as read', async () => {
    // Arrange
    ddb.on(UpdateCommand).resolves({ Attributes: { ...alice, active: false } })

    // Act
    const updated = await directory.updateContact(alice, { active: false }, '2026-11-25T10:00:00.000Z')

    // Assert
    expect(updated.active).toBe(false)
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input
    expect(input?.UpdateExpression).toBe('SET #active = :active, #updatedAt = :updatedAt')
    expect(input?.ConditionExpression).toBe(
      'attribute_exists(pk) AND #accountId = :accountId AND #role = :roleBefore AND #active = :activeBefore',
    )
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':accountId': 'acme',
      ':roleBefore': 'customer',
      ':activeBefore': true,
    })
  })

  it('throws StaleContactError when the contact changed meanwhile', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed())

    const error = await rejectionOf(
      directory.updateContact(alice, { role: 'customer_admin' }, '2026-11-25T10:00:00.000Z'),
    )

    expect(error).toBeInstanceOf(StaleContactError)
  })
})

describe('removeContact', () => {
  it('deletes the contact and releases its address only if the contact holds it', async () => {
    ddb.on(TransactWriteCommand).resolves({})

    await directory.removeContact(alice)

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.map((i) => i.Delete?.Key)).toEqual([
      { pk: 'CONTACT#alice', sk: 'CONTACT' },
      { pk: 'EMAIL#alice@acme.example', sk: 'EMAIL' },
    ])
    expect(items[1]?.Delete?.ConditionExpression).toBe('attribute_not_exists(pk) OR userId = :userId')
  })
})
