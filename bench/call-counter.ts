import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'

/** One DynamoDB call as the SDK sent it. */
export interface RecordedCall {
  /** `GetItem`, `Query`, `TransactWriteItems`, ... */
  operation: string
  /** The low-level (marshalled) input, so the call can be replayed against DynamoDB Local. */
  input: Record<string, unknown>
  /** Capacity units DynamoDB reported (`ReturnConsumedCapacity: TOTAL`). */
  capacityUnits: number
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

function targetOf(input: Record<string, unknown>): string {
  if (typeof input.IndexName === 'string') return input.IndexName
  const items = input.TransactItems as unknown[] | undefined
  if (items) return `${items.length} items`
  // The partition key's prefix, marshalled or not: `{"pk":{"S":"CASE#..."}}` → CASE.
  const prefix = /"pk":(?:\{"S":)?"([A-Z]+)#/.exec(JSON.stringify(input.Key ?? input.Item ?? {}))
  return prefix?.[1] ?? 'table'
}

function capacityOf(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: unknown }).ConsumedCapacity
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : []
  return list.reduce((sum: number, entry: { CapacityUnits?: number }) => sum + (entry.CapacityUnits ?? 0), 0)
}

/**
 * Counts every call a DynamoDB client sends, with an SDK middleware that asks for
 * `ReturnConsumedCapacity: TOTAL` and records the capacity DynamoDB reports. The document client
 * and Powertools' idempotency layer share the client, so this sees every call of the handlers.
 */
export function countCalls(client: DynamoDBClient) {
  let calls: RecordedCall[] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '')
      const input = args.input as Record<string, unknown>
      if (withCapacity.has(operation)) input.ReturnConsumedCapacity = 'TOTAL'
      const result = await next(args)
      calls.push({
        operation,
        input: structuredClone(input),
        capacityUnits: capacityOf(result.output),
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
  }
}
