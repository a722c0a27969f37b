import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { PrimaryKey } from './keys.ts'

/** BatchWriteItem takes at most 25 requests. */
const batchSize = 25
/** Rounds of retrying unprocessed requests (throttling) before giving up: the caller's retry takes over. */
const maxRounds = 8

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: PrimaryKey } }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Writes the requests with BatchWriteItem, 25 at a time, retrying what DynamoDB leaves unprocessed
 * with a doubling pause (the SDK does not); throws when some are still left after the last round.
 * Not a transaction: each request stands alone, so it suits deletions and writes that may be repeated.
 */
async function batchWrite(
  doc: DynamoDBDocumentClient,
  tableName: string,
  all: readonly WriteRequest[],
): Promise<void> {
  for (let i = 0; i < all.length; i += batchSize) {
    let requests = all.slice(i, i + batchSize)
    for (let round = 0; requests.length > 0; round++) {
      if (round === maxRounds)
        throw new Error(`DynamoDB left ${requests.length} write(s) unprocessed after ${maxRounds} rounds`)
      if (round > 0) await sleep(50 * 2 ** round)
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: [...requests] } }))
      requests = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[]
    }
  }
}

/** Deletes the items under `keys` (absent ones are no error). */
export function batchDeleteItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly PrimaryKey[],
): Promise<void> {
  return batchWrite(
    doc,
    tableName,
    keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
  )
}

/** Puts the items, each over whatever is stored under its key. */
export function batchPutItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  return batchWrite(
    doc,
    tableName,
    items.map((item) => ({ PutRequest: { Item: item } })),
  )
}
