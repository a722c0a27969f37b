import type { DynamoDBRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { processStreamBatch } from '#src/runtime/stream-batch.ts'

const records = (...sequenceNumbers: (string | undefined)[]): DynamoDBRecord[] =>
  sequenceNumbers.map((SequenceNumber, i) => ({ eventID: `e${i}`, dynamodb: { SequenceNumber } }))

describe('processStreamBatch', () => {
  it('handles every record in order and reports no failure', async () => {
    const handled: string[] = []

    const response = await processStreamBatch(records('1', '2', '3'), async (r) => {
      handled.push(r.dynamodb?.SequenceNumber as string)
    })

    expect(handled).toEqual(['1', '2', '3'])
    expect(response).toEqual({ batchItemFailures: [] })
  })

  it('stops at the first failure and reports it, so Lambda redelivers it and everything after it', async () => {
    const handled: string[] = []

    const response = await processStreamBatch(records('1', '2', '3'), async (r) => {
      const sequence = r.dynamodb?.SequenceNumber as string
      if (sequence === '2') throw new Error('SES throttled')
      handled.push(sequence)
    })

    expect(handled).toEqual(['1'])
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] })
  })

  it('fails the whole batch when the failed record has no sequence number to checkpoint at', async () => {
    await expect(
      processStreamBatch(records(undefined), async () => {
        throw new Error('broken')
      }),
    ).rejects.toThrow('broken')
  })
})
