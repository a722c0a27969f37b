import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda'
import { caseEventOf } from '#src/adapters/dynamodb/stream-records.ts'
import { logger } from '#src/logger.ts'
import { mailDependencies } from '#src/runtime/mail-dependencies.ts'
import { processStreamBatch } from '#src/runtime/stream-batch.ts'
import { notifyCaseEvent } from '#src/use-cases/notify-case-event.ts'

/**
 * The event handler (DESIGN §2): the table stream delivers every case event written, in the same
 * transaction as its change; this turns them into e-mail. A rolled-back write never reaches the
 * stream, so it sends nothing; a failure is retried from that record on (and after the retries, the
 * batch goes to the dead-letter queue), so nothing is lost.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  processStreamBatch(event.Records, async (record) => {
    const caseEvent = caseEventOf(record)
    if (!caseEvent) return
    const outcome = await notifyCaseEvent(caseEvent, mailDependencies())
    logger.info('case event handled', { eventId: caseEvent.id, type: caseEvent.type, outcome })
  })
