import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { caseEventItem } from '#src/adapters/dynamodb/case-event-item.ts'
import { caseKeys } from '#src/adapters/dynamodb/keys.ts'
import { caseChangeOf, caseEventOf } from '#src/adapters/dynamodb/stream-records.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import { aCase } from '../../fakes/core.ts'

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>
const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true }) as unknown as Image

function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  newItem?: object,
  oldItem?: object,
): DynamoDBRecord {
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: '100',
      ...(newItem ? { NewImage: image(newItem as Record<string, unknown>) } : {}),
      ...(oldItem ? { OldImage: image(oldItem as Record<string, unknown>) } : {}),
    },
  }
}

const theCase = aCase()
const event: CaseEvent = {
  id: 'event-1',
  caseId: theCase.id,
  accountId: theCase.accountId,
  type: 'case.created',
  action: 'create',
  actor: { userId: 'alice', role: 'customer' },
  at: '2026-11-25T10:00:00.000Z',
  visibility: 'public',
  changes: [],
}
const caseItem = (c = theCase) => ({ ...caseKeys.item(c.id), ...caseKeys.indexes(c), entity: 'case', ...c })

describe('caseEventOf', () => {
  it('reads the event of a new event item, without its storage keys', () => {
    expect(caseEventOf(streamRecord('INSERT', caseEventItem(event)))).toEqual(event)
  })

  it('ignores everything that is not a new event item', () => {
    expect(caseEventOf(streamRecord('MODIFY', caseEventItem(event), caseEventItem(event)))).toBeUndefined()
    expect(caseEventOf(streamRecord('INSERT', caseItem()))).toBeUndefined()
    expect(caseEventOf(streamRecord('REMOVE', undefined, caseEventItem(event)))).toBeUndefined()
  })

  it('throws on a malformed event item, so the record is retried and finally dead-lettered, not skipped', () => {
    expect(() => caseEventOf(streamRecord('INSERT', { ...caseEventItem(event), actor: 'nobody' }))).toThrow()
  })
})

describe('caseChangeOf', () => {
  it('reads a created case (no before) and a changed case (before and after)', () => {
    const changed = { ...theCase, status: 'open' as const, version: theCase.version + 1 }

    expect(caseChangeOf(streamRecord('INSERT', caseItem()))).toEqual({ before: undefined, after: theCase })
    expect(caseChangeOf(streamRecord('MODIFY', caseItem(changed), caseItem()))).toEqual({
      before: theCase,
      after: changed,
    })
  })

  it('ignores events, comments and anything else', () => {
    expect(caseChangeOf(streamRecord('INSERT', caseEventItem(event)))).toBeUndefined()
    expect(caseChangeOf(streamRecord('REMOVE', undefined, caseItem()))).toBeUndefined()
  })
})
