import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { accountKeys, contactKeys } from '#src/adapters/dynamodb/keys.ts'
import { accountChangeOf, contactChangeOf } from '#src/adapters/dynamodb/stream-records.ts'
import type { Account, Contact } from '#src/domain/directory.ts'
import { aContact, anAccount } from '../fakes/core.ts'

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>
const image = (item: object) => marshall(item, { removeUndefinedValues: true }) as unknown as Image

/** A record as DynamoDB Streams delivers it (NEW_AND_OLD_IMAGES; the time in epoch seconds). */
function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  newItem?: object,
  oldItem?: object,
  eventID: string | undefined = 'record-1',
): DynamoDBRecord {
  return {
    ...(eventID ? { eventID } : {}),
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: 1_795_600_805,
      SequenceNumber: '100',
      ...(newItem ? { NewImage: image(newItem) } : {}),
      ...(oldItem ? { OldImage: image(oldItem) } : {}),
    },
  }
}

/** The items as the directory repository stores them (directory-repository.ts). */
const contactItem = (c: Contact) => ({
  ...contactKeys.item(c.id),
  ...contactKeys.indexes(c),
  entity: 'contact',
  ...c,
})
const accountItem = (a: Account) => ({
  ...accountKeys.item(a.id),
  ...accountKeys.indexes(a),
  entity: 'account',
  ...a,
})

const seen = new Date(1_795_600_805 * 1000).toISOString()

describe('contactChangeOf', () => {
  const contact = aContact()
  const renamed = { ...contact, name: 'Alice Smith', updatedAt: '2026-11-25T10:00:00.000Z' }

  it('reads a registered contact (INSERT) without its storage keys, with the record id and time', () => {
    expect(contactChangeOf(streamRecord('INSERT', contactItem(contact)))).toEqual({
      before: undefined,
      after: contact,
      recordId: 'record-1',
      at: seen,
    })
  })

  it('reads a changed contact (MODIFY): before and after', () => {
    expect(contactChangeOf(streamRecord('MODIFY', contactItem(renamed), contactItem(contact)))).toEqual({
      before: contact,
      after: renamed,
      recordId: 'record-1',
      at: seen,
    })
  })

  it('ignores removals and items of other entities', () => {
    expect(contactChangeOf(streamRecord('REMOVE', undefined, contactItem(contact)))).toBeUndefined()
    expect(contactChangeOf(streamRecord('INSERT', accountItem(anAccount())))).toBeUndefined()
  })

  it('throws on a malformed contact or a record without its id, so the record is retried, not skipped', () => {
    expect(() => contactChangeOf(streamRecord('INSERT', { ...contactItem(contact), role: 'boss' }))).toThrow()
    expect(() => contactChangeOf(streamRecord('INSERT', contactItem(contact), undefined, ''))).toThrow(
      /eventID/,
    )
  })
})

describe('accountChangeOf', () => {
  const account = anAccount({ emailDomains: ['acme.example'], version: 2 })
  const changed = { ...account, name: 'ACME Corp', version: 3, updatedAt: '2026-11-25T10:00:00.000Z' }

  it('reads a changed account (MODIFY): before and after, without storage keys', () => {
    expect(accountChangeOf(streamRecord('MODIFY', accountItem(changed), accountItem(account)))).toEqual({
      before: account,
      after: changed,
      recordId: 'record-1',
      at: seen,
    })
  })

  it('ignores a created account and items of other entities', () => {
    expect(accountChangeOf(streamRecord('INSERT', accountItem(account)))).toBeUndefined()
    expect(
      accountChangeOf(streamRecord('MODIFY', contactItem(aContact()), contactItem(aContact()))),
    ).toBeUndefined()
  })

  it('throws on a malformed account or a MODIFY without its old image', () => {
    expect(() =>
      accountChangeOf(
        streamRecord('MODIFY', { ...accountItem(changed), serviceLevel: 'gold' }, accountItem(account)),
      ),
    ).toThrow()
    expect(() => accountChangeOf(streamRecord('MODIFY', accountItem(changed)))).toThrow(/old image/)
  })
})
