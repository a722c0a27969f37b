import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { Case, CaseEvent } from '#src/domain/case.ts'
import { caseEntity, caseEventEntity } from './case-event-item.ts'
import { stripKeys } from './items.ts'

/**
 * The case event a stream record carries, if it carries one: a new event item (events are written
 * once and never changed, so only INSERTs are outbox entries). Anything else in the table's stream
 * (cases, comments, idempotency records, ...) is not for the event handler.
 * A malformed event item throws: it must not be skipped silently (the stream retries it, then
 * hands it to the dead-letter queue).
 */
export function caseEventOf(record: DynamoDBRecord): CaseEvent | undefined {
  const image = record.dynamodb?.NewImage
  if (record.eventName !== 'INSERT' || !image || image.entity?.S !== caseEventEntity) return undefined
  // aws-lambda's AttributeValue and the SDK's describe the same wire shape.
  const item = unmarshall(image as Record<string, AttributeValue>)
  return CaseEvent.parse(stripKeys(item))
}

/** A case item's change as the stream carries it: the case before (none when created) and after. */
export interface CaseChangeRecord {
  before: Case | undefined
  after: Case
}

/**
 * The change of a case item a stream record carries, if it carries one (INSERT or MODIFY of a case;
 * cases are never deleted). A malformed case item throws, so the record is retried, not skipped.
 */
export function caseChangeOf(record: DynamoDBRecord): CaseChangeRecord | undefined {
  const { NewImage, OldImage } = record.dynamodb ?? {}
  if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || NewImage?.entity?.S !== caseEntity)
    return undefined
  const parse = (image: NonNullable<typeof NewImage>) =>
    Case.parse(stripKeys(unmarshall(image as Record<string, AttributeValue>)))
  return {
    before: OldImage && record.eventName === 'MODIFY' ? parse(OldImage) : undefined,
    after: parse(NewImage),
  }
}
