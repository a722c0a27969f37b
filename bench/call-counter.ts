import {
  type AttributeValue,
  BatchGetItemCommand,
  DynamoDBClient,
  type KeysAndAttributes,
} from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'
import { type Item, type TransactAction, transactGetUnits, transactWriteUnits } from './capacity.ts'

/** One DynamoDB call as the SDK sent it. */
export interface RecordedCall {
  /** `GetItem`, `Query`, `TransactWriteItems`, ... */
  operation: string
  /** The input as the counter saw it (a document client's unmarshalled), so the call can be replayed against DynamoDB Local. */
  input: Record<string, unknown>
  /**
   * The capacity units AWS would bill for the call (bench/capacity.ts): counted from the items for
   * transactions, which DynamoDB Local gets wrong; DynamoDB Local's figure for every other call.
   */
  capacityUnits: number
  /** What DynamoDB Local reported (`ReturnConsumedCapacity: TOTAL`), kept beside the billed figure. */
  reportedByDynamoDbLocal: number
  /** Where `capacityUnits` comes from. */
  capacitySource: 'model' | 'dynamodb-local'
  /** Of a transaction's write units, those of its index writes (see `transactionalIndex` in capacity.ts). */
  indexUnits?: number
  /** Time the counter spent reading items for the model (not the handler's: the bench subtracts it), ms. */
  overheadMs: number
  /** A Powertools idempotency record (its partition is `IDEMPOTENCY#...`). */
  idempotency: boolean
  /** The kind of item addressed, from its partition key (`CASE`, `ACCOUNT`, `CALENDAR`, ...), or the index queried. */
  target: string
}

const readOperations = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems'])
export const isRead = (operation: string) => readOperations.has(operation)

const withCapacity = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
])

function touchesIdempotency(input: Record<string, unknown>): boolean {
  return JSON.stringify([input.Key, input.Item]).includes('IDEMPOTENCY#')
}

/** The partition key's prefix, marshalled or not: `{"pk":{"S":"CASE#..."}}` → CASE. */
function partitionPrefixOf(keyOrItem: unknown): string | undefined {
  return /"pk":(?:\{"S":)?"([A-Z]+)#/.exec(JSON.stringify(keyOrItem ?? {}))?.[1]
}

function targetOf(input: Record<string, unknown>): string {
  if (typeof input.IndexName === 'string') return input.IndexName
  const items = input.TransactItems as Array<Record<string, { Key?: unknown; Item?: unknown }>> | undefined
  if (items) {
    // `3 items: PUBLISHED+FEED+FEED`: which kinds of item a transaction writes.
    const kinds = items.map((item) => {
      const action = Object.values(item)[0]
      return partitionPrefixOf(action?.Item ?? action?.Key) ?? 'table'
    })
    return `${items.length} items: ${kinds.join('+')}`
  }
  return partitionPrefixOf(input.Key ?? input.Item) ?? 'table'
}

function capacityOf(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: unknown }).ConsumedCapacity
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : []
  return list.reduce((sum: number, entry: { CapacityUnits?: number }) => sum + (entry.CapacityUnits ?? 0), 0)
}

const attributeTypes = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'])
/**
 * The counter runs before the document client marshalls its input (that happens just before
 * serialization) and after it unmarshalls its output, while Powertools sends marshalled items:
 * an item whose every value is a one-key AttributeValue is taken as marshalled.
 */
function marshalled(item: unknown): Item | undefined {
  if (!item || typeof item !== 'object') return undefined
  const values = Object.values(item)
  const isMarshalled = values.every(
    (value) =>
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).length === 1 &&
      attributeTypes.has(Object.keys(value)[0] ?? ''),
  )
  return isMarshalled
    ? (item as Item)
    : marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false })
}

type WriteAction = { TableName?: string; Key?: unknown; Item?: unknown }
const actionKinds = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const

/** A transaction's actions: their kind, table and primary key (of the item, for a Put). */
function actionsOf(input: Record<string, unknown>) {
  const entries = (input.TransactItems ?? []) as Partial<Record<(typeof actionKinds)[number], WriteAction>>[]
  return entries.flatMap((entry) =>
    actionKinds
      .filter((kind) => entry[kind])
      .map((kind) => {
        const action = entry[kind] as WriteAction
        const key = keyOf(marshalled(action.Key ?? action.Item) ?? {})
        return {
          kind,
          table: action.TableName ?? '',
          key,
          item: action.Item ? marshalled(action.Item) : undefined,
        }
      }),
  )
}

/** An item's primary key, in the order of the table's key schema (so that two keys compare as text). */
function keyOf(item: Item): Item {
  const key: Item = {}
  for (const name of [tableDefinition.partitionKey, tableDefinition.sortKey])
    if (item[name]) key[name] = item[name] as AttributeValue
  return key
}

const keyId = (table: string, key: Item) => JSON.stringify([table, key])

/** The items at these keys now, read consistently with a client of their own (uncounted). */
async function readItems(
  reader: DynamoDBClient,
  keys: { table: string; key: Item }[],
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>()
  let pending: Record<string, KeysAndAttributes> = {}
  for (let i = 0; i < keys.length; i += 100) {
    pending = {}
    for (const { table, key } of keys.slice(i, i + 100)) {
      pending[table] ??= { Keys: [], ConsistentRead: true }
      pending[table].Keys?.push(key)
    }
    while (Object.keys(pending).length > 0) {
      const result = await reader.send(new BatchGetItemCommand({ RequestItems: pending }))
      for (const [table, items] of Object.entries(result.Responses ?? {}))
        for (const item of items) found.set(keyId(table, keyOf(item)), item)
      pending = result.UnprocessedKeys ?? {}
    }
  }
  return found
}

/**
 * Counts every call a DynamoDB client sends, with an SDK middleware that asks for
 * `ReturnConsumedCapacity: TOTAL`, records what DynamoDB Local reports and what AWS would bill
 * (bench/capacity.ts). For a TransactWriteItems it reads the items it addresses before and after
 * (BatchGetItem on a client of its own at `endpoint`) and times that, so the bench can leave it
 * out of the route's time. The document client and Powertools' idempotency layer share the
 * client, so this sees every call of the handlers.
 */
export function countCalls(client: DynamoDBClient, endpoint: string) {
  let calls: RecordedCall[] = []
  const reader = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '')
      const input = args.input as Record<string, unknown>
      if (withCapacity.has(operation)) input.ReturnConsumedCapacity = 'TOTAL'
      let overheadMs = 0
      const timed = async <T>(work: () => Promise<T>): Promise<T> => {
        const t0 = performance.now()
        try {
          return await work()
        } finally {
          overheadMs += performance.now() - t0
        }
      }
      const actions = operation === 'TransactWriteItems' ? actionsOf(input) : []
      const before = actions.length > 0 ? await timed(() => readItems(reader, actions)) : new Map()
      const result = await next(args)
      const after = actions.length > 0 ? await timed(() => readItems(reader, actions)) : new Map()
      const reported = capacityOf(result.output)
      let modelled: { total: number; index?: number } | undefined
      if (operation === 'TransactWriteItems') {
        const transactActions: TransactAction[] = actions.map((action) => ({
          kind: action.kind,
          before: before.get(keyId(action.table, action.key)),
          after: action.kind === 'Put' ? action.item : after.get(keyId(action.table, action.key)),
        }))
        modelled = transactWriteUnits(transactActions)
      } else if (operation === 'TransactGetItems') {
        const responses = ((result.output as { Responses?: { Item?: unknown }[] }).Responses ?? []).map(
          (response) => marshalled(response.Item),
        )
        modelled = { total: transactGetUnits(responses) }
      }
      calls.push({
        operation,
        input: structuredClone(input),
        capacityUnits: modelled?.total ?? reported,
        reportedByDynamoDbLocal: reported,
        capacitySource: modelled ? 'model' : 'dynamodb-local',
        ...(modelled?.index === undefined ? {} : { indexUnits: modelled.index }),
        overheadMs,
        idempotency: touchesIdempotency(input),
        target: targetOf(input),
      })
      return result
    },
    { step: 'initialize', name: 'benchCallCounter', priority: 'low' },
  )
  return {
    /** The calls since the last `take()`, and a fresh start. */
    take(): RecordedCall[] {
      const taken = calls
      calls = []
      return taken
    },
    /** Closes the counter's own reader. */
    close(): void {
      reader.destroy()
    },
  }
}
