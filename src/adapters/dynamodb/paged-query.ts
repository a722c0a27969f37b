import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { type AccessPattern, keyAttributesOf, type RangeAccessPattern } from './keys.ts'

/** One partition a list reads: an access pattern of keys.ts (a sort-key prefix or range). */
export type Segment = AccessPattern | RangeAccessPattern

export interface PagedQuery {
  /** Everything that shapes the result (scope, filters): a cursor is valid for this context only. */
  context: string
  limit: number
  cursor?: string | undefined
  /** Where reading starts. Chosen from the caller's scope, never from the cursor. */
  first: Segment
  /** For timelines spread over several partitions (months): the partition after `segment`, if any. */
  next?: (segment: Segment) => Promise<Segment | undefined>
  /** Oldest first instead of newest first. */
  ascending?: boolean
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> }
  /** Strongly consistent reads: for a list that also answers whether what it lists exists. */
  consistent?: boolean
}

export interface Page {
  items: Record<string, unknown>[]
  nextCursor: string | null
}

/** Where a listing stopped: the partition it was reading and the last key read in it. */
interface Position {
  partition: string
  key: Record<string, unknown> | undefined
}

/** How many Query calls one page may spend skipping filtered-out items before it returns a short page. */
const maxQueriesPerPage = 8

/** The key condition of an access pattern: its partition, narrowed to its sort-key prefix or range if it has one. */
export function keyConditionOf(segment: Segment) {
  const { partitionKey, sortKey } = keyAttributesOf(segment.index)
  const names: Record<string, string> = { '#pk': partitionKey }
  const values: Record<string, unknown> = { ':pk': segment.partition }
  let keyCondition = '#pk = :pk'
  if ('sortKeyRange' in segment) {
    names['#sk'] = sortKey
    values[':low'] = segment.sortKeyRange.low
    values[':high'] = segment.sortKeyRange.high
    keyCondition += ' AND #sk BETWEEN :low AND :high'
  } else if (segment.sortKeyPrefix) {
    names['#sk'] = sortKey
    values[':prefix'] = segment.sortKeyPrefix
    keyCondition += ' AND begins_with(#sk, :prefix)'
  }
  return {
    ...(segment.index ? { IndexName: segment.index } : {}),
    KeyConditionExpression: keyCondition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  }
}

function queryInput(
  tableName: string,
  query: PagedQuery,
  segment: Segment,
  startKey: Record<string, unknown> | undefined,
  limit: number,
): QueryCommandInput {
  const key = keyConditionOf(segment)
  return {
    TableName: tableName,
    ...key,
    ExpressionAttributeNames: { ...key.ExpressionAttributeNames, ...query.filter?.names },
    ExpressionAttributeValues: { ...key.ExpressionAttributeValues, ...query.filter?.values },
    ScanIndexForward: query.ascending ?? false,
    Limit: limit,
    ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
    ...(query.consistent ? { ConsistentRead: true } : {}),
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  }
}

/**
 * A list filter of equalities, `#a = :a AND #b = :b` in the order given; an attribute whose value
 * is undefined is left out (the caller did not filter on it, or the access pattern's key already
 * selects it). Undefined when nothing is left to filter.
 */
export function equalityFilter(equalities: Record<string, unknown>): PagedQuery['filter'] {
  const named = Object.entries(equalities).filter(([, value]) => value !== undefined)
  if (named.length === 0) return undefined
  return {
    expression: named.map(([name]) => `#${name} = :${name}`).join(' AND '),
    names: Object.fromEntries(named.map(([name]) => [`#${name}`, name])),
    values: Object.fromEntries(named.map(([name, value]) => [`:${name}`, value])),
  }
}

/** Every item of a Query, page after page: for reads that need all of a partition, not a page of it. */
export async function queryAllPages(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  let startKey: Record<string, unknown> | undefined
  do {
    const result = await doc.send(
      new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    )
    items.push(...(result.Items ?? []))
    startKey = result.LastEvaluatedKey
  } while (startKey)
  return items
}

/**
 * Reads one page of a list, exactly: `limit + 1` items are read so the last page never carries a
 * cursor to an empty page. The cursor is the position after the last returned item, signed with
 * the query's context, so it can neither be forged nor replayed against another scope or filter.
 */
export async function pagedQuery(
  doc: DynamoDBDocumentClient,
  tableName: string,
  cursors: CursorCodec,
  query: PagedQuery,
): Promise<Page> {
  let segment = query.first
  let startKey: Record<string, unknown> | undefined
  if (query.cursor) {
    const position = cursors.decode(query.cursor, query.context) as Position
    segment = { ...segment, partition: position.partition }
    startKey = position.key
  }

  const wanted = query.limit + 1
  const found: { item: Record<string, unknown>; partition: string }[] = []
  let queries = 0
  while (found.length < wanted) {
    if (queries === maxQueriesPerPage) {
      // Filters skipped many items: return a short page that resumes where reading stopped.
      const position: Position = { partition: segment.partition, key: startKey }
      return { items: found.map((f) => f.item), nextCursor: cursors.encode(position, query.context) }
    }
    queries++
    const result = await doc.send(
      new QueryCommand(queryInput(tableName, query, segment, startKey, wanted - found.length)),
    )
    for (const item of result.Items ?? []) found.push({ item, partition: segment.partition })
    if (result.LastEvaluatedKey) {
      startKey = result.LastEvaluatedKey
      continue
    }
    const next = await query.next?.(segment)
    if (!next) break
    segment = next
    startKey = undefined
  }

  const page = found.slice(0, query.limit)
  const last = page.at(-1)
  if (found.length <= query.limit || !last) return { items: page.map((f) => f.item), nextCursor: null }
  const names = keyAttributesOf(query.first.index).position
  const key = Object.fromEntries(names.map((name) => [name, last.item[name]]))
  return {
    items: page.map((f) => f.item),
    nextCursor: cursors.encode({ partition: last.partition, key } satisfies Position, query.context),
  }
}
