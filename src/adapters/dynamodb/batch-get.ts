import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { PrimaryKey } from './keys.ts'

/** How often the keys DynamoDB left unprocessed are asked for, and the first pause before asking again. */
const maxAttempts = 5
const firstRetryDelayMs = 25

const keyOf = (key: PrimaryKey) => `${key.pk}\u0000${key.sk}`

/**
 * The items stored under `keys` (at most 100), read with one BatchGetItem, as filing a case reads
 * its contacts and account (docs/performance.md); a key without an item is simply absent from the
 * answer. DynamoDB may leave keys unprocessed when throttled, and the SDK does not ask for them
 * again: this does, with a doubling pause, and throws if some are still left after the last attempt.
 */
export async function batchGetItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly PrimaryKey[],
): Promise<Map<string, Record<string, unknown>>> {
  // BatchGetItem refuses a request that names one key twice.
  let pending = [...new Map(keys.map((key) => [keyOf(key), key])).values()]
  const found = new Map<string, Record<string, unknown>>()
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > maxAttempts) {
      throw new Error(`DynamoDB left ${pending.length} keys unprocessed after ${maxAttempts} attempts`)
    }
    if (attempt > 1) await pause(firstRetryDelayMs * 2 ** (attempt - 2))
    const result = await doc.send(
      new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: pending.map(({ pk, sk }) => ({ pk, sk })) } },
      }),
    )
    for (const item of result.Responses?.[tableName] ?? []) {
      found.set(keyOf(item as PrimaryKey), item)
    }
    pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as PrimaryKey[]
  }
  return found
}

/** BatchGetItem takes at most 100 keys per call. */
const keysPerBatchGet = 100

/**
 * The items stored under any number of keys: `batchGetItems` for each 100, one after the other, so
 * a long list never floods the table with parallel reads.
 */
export async function batchGetAllItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly PrimaryKey[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>()
  for (let i = 0; i < keys.length; i += keysPerBatchGet) {
    for (const [key, item] of await batchGetItems(doc, tableName, keys.slice(i, i + keysPerBatchGet)))
      found.set(key, item)
  }
  return found
}

/** The item of `key` among what `batchGetItems` answered, if there is one. */
export function itemAt(
  items: Map<string, Record<string, unknown>>,
  key: PrimaryKey,
): Record<string, unknown> | undefined {
  return items.get(keyOf(key))
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
