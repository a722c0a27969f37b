import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb'

/** One write of a transaction (a Put, an Update, ...). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

/** The reason each item of a cancelled transaction gives (`ConditionalCheckFailed`, `None`, ...); empty for any other error. */
export function cancellationCodes(error: unknown): (string | undefined)[] {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return []
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
    (r) => r.Code,
  )
}

/** True when a write failed only because its condition did not hold (alone or inside a transaction). */
export function isConditionFailure(error: unknown): boolean {
  return (
    (error instanceof Error && error.name === 'ConditionalCheckFailedException') ||
    cancellationCodes(error).includes('ConditionalCheckFailed')
  )
}

/**
 * Whether a transaction was cancelled because another writer got there first (a condition no
 * longer held, or a concurrent transaction held one of its items): reading again and retrying may
 * succeed. Any other failure is not a race.
 */
export function lostRace(error: unknown): boolean {
  return cancellationCodes(error).some(
    (code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict',
  )
}

/**
 * A Put that holds only while no item has its key: a create, a claim or a history event never
 * overwrites (docs/data-model.md). For a PutItem of its own or for a transaction's `Put`.
 */
export function putIfAbsent(tableName: string, item: Record<string, unknown>) {
  return { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }
}

/** A Put that holds only while the stored item is still at `expectedVersion` (optimistic concurrency). */
export function putAtVersion(tableName: string, item: Record<string, unknown>, expectedVersion: number) {
  return {
    TableName: tableName,
    Item: item,
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expectedVersion },
  }
}

/** A transaction's check that the item at `key` is still at `version`: what a change was checked against still holds. */
export function stillAtVersion(
  tableName: string,
  key: { pk: string; sk: string },
  version: number,
): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: key,
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': version },
    },
  }
}

/**
 * Awaits a conditional write: true when it was made, false when only its condition failed (the
 * item exists, a limit is reached, ...). Any other failure is thrown.
 */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write
    return true
  } catch (error) {
    if (isConditionFailure(error)) return false
    throw error
  }
}

/** Runs a transaction: true when it was written, false when only a condition in it failed (nothing was written). */
export function transactionHeld(doc: DynamoDBDocumentClient, items: TransactItem[]): Promise<boolean> {
  return conditionHeld(doc.send(new TransactWriteCommand({ TransactItems: items })))
}

/**
 * Saves the change of a versioned item (a case, a file, an article) together with the writes that
 * belong to it (history events, a comment, the kb revision), in one transaction. Optimistic
 * concurrency (docs/data-model.md): the item's Put holds only while the stored item is still at
 * `expectedVersion`, so two changes made from the same read never overwrite each other; when it
 * fails, `stale()` is thrown. Any other failure, including another write's condition, is thrown as is.
 */
export async function saveVersioned(
  doc: DynamoDBDocumentClient,
  tableName: string,
  change: {
    item: Record<string, unknown>
    expectedVersion: number
    alongside: TransactItem[]
    stale: () => Error
  },
): Promise<void> {
  const put: TransactItem = { Put: putAtVersion(tableName, change.item, change.expectedVersion) }
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: [put, ...change.alongside] }))
  } catch (error) {
    if (cancellationCodes(error)[0] === 'ConditionalCheckFailed') throw change.stale()
    throw error
  }
}
