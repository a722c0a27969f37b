import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createContactAddressRepository } from '#src/adapters/dynamodb/contact-address-repository.ts'
import { StaleContactError } from '#src/domain/errors.ts'
import { aContact, rejectionOf } from '../../fakes/core.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'

const { ddb, doc, tableName } = mockedDocumentClient()
const directory = createContactAddressRepository(doc, tableName)
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

describe('changeContactEmail', () => {
  const at = '2026-11-25T10:00:00.000Z'

  it('moves the contact, its place among the account’s contacts and its address claim in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({})

    expect(await directory.changeContactEmail(alice, 'Alice.New@acme.example', at)).toBe(true)

    const [contact, claim, release] =
      ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(contact?.Update).toMatchObject({
      Key: { pk: 'CONTACT#alice', sk: 'CONTACT' },
      ConditionExpression: 'attribute_exists(pk) AND #email = :before AND #accountId = :accountId',
      ExpressionAttributeValues: {
        ':email': 'Alice.New@acme.example',
        ':gsi1sk': 'CONTACT#Alice.New@acme.example',
        ':before': 'Alice@ACME.example',
      },
    })
    expect(claim?.Put).toMatchObject({
      Item: {
        pk: 'EMAIL#alice.new@acme.example',
        userId: 'alice',
        kind: 'contact',
        email: 'alice.new@acme.example',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    })
    expect(release?.Delete).toMatchObject({
      Key: { pk: 'EMAIL#alice@acme.example', sk: 'EMAIL' },
      ConditionExpression: 'attribute_not_exists(pk) OR userId = :userId',
    })
  })

  it('answers false for a taken address and StaleContactError for a contact whose address changed meanwhile', async () => {
    const stale = Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
    })
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed')).rejectsOnce(stale)

    expect(await directory.changeContactEmail(alice, 'adam@acme.example', at)).toBe(false)
    expect(await rejectionOf(directory.changeContactEmail(alice, 'x@acme.example', at))).toBeInstanceOf(
      StaleContactError,
    )
  })
})
