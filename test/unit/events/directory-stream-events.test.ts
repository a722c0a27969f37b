import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { directoryDraftsOf } from '#functions/events/table-stream.ts'
import { accountKeys, contactKeys } from '#src/adapters/dynamodb/keys.ts'
import { eventIdOfStreamRecord } from '#src/domain/events/drafting.ts'
import { aContact, anAccount } from '../fakes/core.ts'

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>
const image = (item: object) => marshall(item, { removeUndefinedValues: true }) as unknown as Image

function streamRecord(eventName: 'INSERT' | 'MODIFY', newItem: object, oldItem?: object): DynamoDBRecord {
  return {
    eventID: 'record-1',
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: 1_795_600_805,
      SequenceNumber: '100',
      NewImage: image(newItem),
      ...(oldItem ? { OldImage: image(oldItem) } : {}),
    },
  }
}

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('the public events of a directory change', () => {
  it('drafts contact.created for a registered contact, its id derived from the stream record', () => {
    // Arrange
    const contact = aContact()
    const record = streamRecord('INSERT', { ...contactKeys.item(contact.id), entity: 'contact', ...contact })

    // Act
    const drafts = directoryDraftsOf(record)

    // Assert
    expect(drafts?.map((d) => [d.type, d.id, d.accountId])).toEqual([
      ['contact.created', eventIdOfStreamRecord('record-1'), contact.accountId],
    ])
  })

  it('drafts account.updated for a changed account', () => {
    // Arrange
    const account = anAccount()
    const item = (a: typeof account) => ({ ...accountKeys.item(a.id), entity: 'account', ...a })
    const renamed = { ...account, name: `${account.name} GmbH` }

    // Act
    const drafts = directoryDraftsOf(streamRecord('MODIFY', item(renamed), item(account)))

    // Assert
    expect(drafts?.map((d) => d.type)).toEqual(['account.updated'])
  })

  it('has nothing to publish for other items', () => {
    // Act
    const drafts = directoryDraftsOf(streamRecord('INSERT', { pk: 'X', sk: 'Y', entity: 'idempotency' }))

    // Assert
    expect(drafts).toBeUndefined()
  })
})
