import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

/**
 * The single table, defined once. The CDK stateful stack and the local runtime both build their
 * table from this, so the keys, indexes, TTL and stream can never differ between AWS and a laptop.
 * Attribute names are generic (`pk`, `gsi1sk`, ...): what they hold is decided in `keys.ts` alone.
 * See docs/data-model.md for every access pattern and the index it uses.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    /** An account's item collection: its cases newest first, its contacts by e-mail. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Every account's cases in one status, newest first: the staff work lists. */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Every case by creation month, newest first: staff lists without a status. */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    /** Sparse: the active cases of a queue, oldest first (the queue's work list). */
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    /** Sparse: the cases assigned to one staff member, newest first (`assignee=me`). */
    { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
    /**
     * Sparse, keys only: one contact's own items (the cases they are the contact of, their comments,
     * events, watcher items, files, surveys), for the access export and erasure (docs/privacy.md).
     * Keys only, so rewriting an item (a case changes often) never writes the index again.
     */
    { indexName: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk', projection: 'KEYS_ONLY' },
  ],
  /** Epoch seconds after which DynamoDB may delete the item (idempotency records, survey tokens, ...). */
  timeToLiveAttribute: 'expiresAt',
  /** Old and new images, so the event handler sees what changed and a rolled-back write sends nothing. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const

/** An index's projection: whole items, unless the definition says keys only. */
export function projectionOf(index: object): 'ALL' | 'KEYS_ONLY' {
  return 'projection' in index && index.projection === 'KEYS_ONLY' ? 'KEYS_ONLY' : 'ALL'
}

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName']

/** The CreateTable request for this definition (used by the local runtime and tests; CDK maps the same definition). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ]
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: projectionOf(index) },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
  }
}
