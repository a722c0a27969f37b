import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type CaseEventSteps, directoryDraftsOf, handleCaseEvent } from '#functions/events/table-stream.ts'
import { accountKeys, contactKeys } from '#src/adapters/dynamodb/keys.ts'
import { eventIdOfStreamRecord } from '#src/domain/events/drafting.ts'
import { aContact, anAccount, rejectionOf } from '../fakes/core.ts'
import { aCaseEvent } from '../fakes/mail.ts'

const event = aCaseEvent({ type: 'case.created' })
type StepName = keyof CaseEventSteps

/** Steps that record which ran, failing the ones named. */
function steps(failing: StepName[] = []) {
  const ran: StepName[] = []
  const step = (name: StepName) => async () => {
    ran.push(name)
    if (failing.includes(name)) throw new Error(`${name} failed`)
    return name
  }
  return {
    ran,
    steps: {
      metrics: step('metrics'),
      mail: step('mail'),
      publish: step('publish'),
    } satisfies CaseEventSteps,
  }
}

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

describe('publishing a case event beside its metrics and mail', () => {
  it('runs all three steps for every event', async () => {
    // Arrange
    const { ran, steps: all } = steps()

    // Act
    await handleCaseEvent(event, all)

    // Assert
    expect(ran.sort()).toEqual(['mail', 'metrics', 'publish'])
  })

  it('still counts and mails when publishing fails, then fails the event for a retry', async () => {
    // Arrange
    const { ran, steps: publishFails } = steps(['publish'])

    // Act
    const error = await rejectionOf(handleCaseEvent(event, publishFails))

    // Assert
    expect(ran.sort()).toEqual(['mail', 'metrics', 'publish'])
    expect(error).toEqual(new Error('publish failed'))
  })

  it('still publishes when the mail fails', async () => {
    // Arrange
    const { ran, steps: mailFails } = steps(['mail'])

    // Act
    const error = await rejectionOf(handleCaseEvent(event, mailFails))

    // Assert
    expect(ran).toContain('publish')
    expect(error).toEqual(new Error('mail failed'))
  })
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
