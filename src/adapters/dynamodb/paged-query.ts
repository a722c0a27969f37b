import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '../cursor.ts'
import { type IndexName, tableDefinition } from './table-definition.ts'

/** One partition of the table or of an index, optionally narrowed to a sort-key prefix. */
export interface Segment {
  index?: IndexName
  partition: string
  sortKeyPrefix?: string
}

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

function keyNames(index: IndexName | undefined): { partitionKey: string; sortKey: string; all: string[] } {
  const table = { partitionKey: tableDefinition.partitionKey, sortKey: tableDefinition.sortKey }
  if (!index) return { ...table, all: [table.partitionKey, table.sortKey] }
  const definition = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === index)
  if (!definition) throw new Error(`unknown index ${index}`)
  return {
    partitionKey: definition.partitionKey,
    sortKey: definition.sortKey,
    all: [table.partitionKey, table.sortKey, definition.partitionKey, definition.sortKey],
  }
}

function queryInput(
  tableName: string,
  query: PagedQuery,
  segment: Segment,
  startKey: Record<string, unknown> | undefined,
  limit: number,
): QueryCommandInput {
  const { partitionKey, sortKey } = keyNames(segment.index)
  const names: Record<string, string> = { '#pk': partitionKey, ...query.filter?.names }
  const values: Record<string, unknown> = { ':pk': segment.partition, ...query.filter?.values }
  let keyCondition = '#pk = :pk'
  if (segment.sortKeyPrefix) {
    names['#sk'] = sortKey
    values[':prefix'] = segment.sortKeyPrefix
    keyCondition += ' AND begins_with(#sk, :prefix)'
  }
  return {
    TableName: tableName,
    ...(segment.index ? { IndexName: segment.index } : {}),
    KeyConditionExpression: keyCondition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: query.ascending ?? false,
    Limit: limit,
    ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  }
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
  const names = keyNames(query.first.index).all
  const key = Object.fromEntries(names.map((name) => [name, last.item[name]]))
  return {
    items: page.map((f) => f.item),
    nextCursor: cursors.encode({ partition: last.partition, key } satisfies Position, query.context),
  }
}
