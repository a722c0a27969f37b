import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { Case, CaseEvent } from '#src/domain/case.ts'
import { Account, Contact } from '#src/domain/directory.ts'
import { caseEntity, caseEventEntity } from './case-event-item.ts'
import { accountEntity, contactEntity } from './directory-entities.ts'
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

/** A contact or account item's change as the stream carries it, with what names the change itself. */
export interface DirectoryChangeRecord<T> {
  before: T | undefined
  after: T
  /** The record's `eventID`: the same on every redelivery of the record. */
  recordId: string
  /** When the stream saw the change (ISO 8601), if the record says. */
  at: string | undefined
}

/** The item of an image, without its storage keys, parsed with the domain's schema (malformed: throws). */
function parseImage<T>(schema: { parse(value: unknown): T }, image: Record<string, unknown>): T {
  return schema.parse(stripKeys(unmarshall(image as Record<string, AttributeValue>)))
}

/** The directory item change a record carries, if it is one of `entity` by one of `eventNames`. */
function directoryChangeOf<T>(
  record: DynamoDBRecord,
  entity: string,
  eventNames: readonly string[],
  schema: { parse(value: unknown): T },
): DirectoryChangeRecord<T> | undefined {
  const { NewImage, OldImage, ApproximateCreationDateTime } = record.dynamodb ?? {}
  if (!eventNames.includes(record.eventName ?? '') || NewImage?.entity?.S !== entity) return undefined
  // Without the record's id the event could not keep its id on redelivery: fail rather than publish twice.
  if (!record.eventID) throw new Error(`A stream record of a ${entity} item has no eventID.`)
  if (record.eventName === 'MODIFY' && !OldImage)
    throw new Error(`A stream record modifying a ${entity} item has no old image.`)
  return {
    before: record.eventName === 'MODIFY' && OldImage ? parseImage(schema, OldImage) : undefined,
    after: parseImage(schema, NewImage),
    recordId: record.eventID,
    // DynamoDB Streams give the time in epoch seconds.
    at:
      ApproximateCreationDateTime === undefined
        ? undefined
        : new Date(ApproximateCreationDateTime * 1000).toISOString(),
  }
}

/**
 * The change of a contact item a stream record carries, if it carries one: a contact registered
 * (INSERT) or changed (MODIFY). Removals publish nothing. A malformed item throws, so the record
 * is retried, not skipped.
 */
export function contactChangeOf(record: DynamoDBRecord): DirectoryChangeRecord<Contact> | undefined {
  return directoryChangeOf(record, contactEntity, ['INSERT', 'MODIFY'], Contact)
}

/**
 * The change of an account item a stream record carries, if it carries one: only a MODIFY (an
 * account is created by an operator before it has contacts to tell). A malformed item throws.
 */
export function accountChangeOf(
  record: DynamoDBRecord,
): (DirectoryChangeRecord<Account> & { before: Account }) | undefined {
  const change = directoryChangeOf(record, accountEntity, ['MODIFY'], Account)
  if (!change?.before) return undefined
  return { ...change, before: change.before }
}
