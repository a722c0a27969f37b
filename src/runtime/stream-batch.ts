import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda'
import { errorFields, logger } from '#src/logger.ts'

/**
 * Handles a batch of stream records in order and reports the first failure to Lambda
 * (`ReportBatchItemFailures`): Lambda checkpoints before that record and delivers it, and every
 * record after it, again. Stopping at the first failure keeps a case's events in order (a later
 * event never overtakes an earlier one that failed), and records before it are never redelivered.
 * Powertools' BatchProcessor would go on past a failure, which reorders a case's mail.
 */
export async function processStreamBatch(
  records: DynamoDBRecord[],
  handleRecord: (record: DynamoDBRecord) => Promise<void>,
): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    try {
      await handleRecord(record)
    } catch (error) {
      const sequenceNumber = record.dynamodb?.SequenceNumber
      logger.error('stream record failed; it will be retried', {
        eventID: record.eventID,
        sequenceNumber,
        ...errorFields(error),
      })
      // Without a sequence number Lambda cannot checkpoint: failing the whole batch retries it all.
      if (!sequenceNumber) throw error
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] }
    }
  }
  return { batchItemFailures: [] }
}
