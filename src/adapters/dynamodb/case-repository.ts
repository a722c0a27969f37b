import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { Case, type CaseEvent, firstCaseNumber } from '#src/domain/case.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { CaseListQuery, CasePage, CaseStore } from '#src/use-cases/ports.ts'
import type { CursorCodec } from '../cursor.ts'
import { stripKeys } from './items.ts'
import {
  accountPartition,
  caseEventKeys,
  caseKeys,
  casesCreatedInMonthPartition,
  casesInStatusPartition,
  counterKeys,
  monthOf,
} from './keys.ts'
import { tableDefinition } from './table-definition.ts'

const caseNumberCounter = counterKeys.item('case-number')

/** How many Query calls one list request may spend skipping filtered-out items before it returns a short page. */
const maxQueriesPerPage = 8

/** One index partition of a timeline (newest first), optionally narrowed by sort-key prefix. */
interface Segment {
  index: 'gsi1' | 'gsi2' | 'gsi3'
  partition: string
  sortKeyPrefix?: string
}

/** Where a listing stopped: the segment (for the monthly walk) and the last key read in it. */
interface Position {
  partition: string
  key: Record<string, string> | undefined
}

function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number]
  const date = new Date(Date.UTC(year, monthNumber - 2, 1))
  return date.toISOString().slice(0, 7)
}

function indexAttributes(index: Segment['index']) {
  const definition = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === index)
  if (!definition) throw new Error(`unknown index ${index}`)
  return definition
}

/** The ExclusiveStartKey that resumes a query on `index` right after `item`. */
function keyOf(item: Record<string, unknown>, index: Segment['index']): Record<string, string> {
  const { partitionKey, sortKey } = indexAttributes(index)
  const names = [tableDefinition.partitionKey, tableDefinition.sortKey, partitionKey, sortKey]
  return Object.fromEntries(names.map((name) => [name, String(item[name])]))
}

/** Cases in DynamoDB: the case item, its number claim, its events, and the three timelines (docs/data-model.md). */
export function createCaseRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first list request only, so functions that never page never fetch the signing key. */
  cursorCodec: () => Promise<CursorCodec>,
): CaseStore {
  /** The segments a query walks, in order. Chosen from the caller's scope, never from the cursor. */
  function firstSegment(query: CaseListQuery): Segment {
    if (query.scope.kind === 'account') {
      return {
        index: 'gsi1',
        partition: accountPartition(query.scope.accountId),
        sortKeyPrefix: caseKeys.accountCasesPrefix,
      }
    }
    if (query.status) return { index: 'gsi2', partition: casesInStatusPartition(query.status) }
    return { index: 'gsi3', partition: casesCreatedInMonthPartition(monthOf(query.now.toISOString())) }
  }

  async function oldestCaseMonth(): Promise<string | undefined> {
    const result = await doc.send(new GetCommand({ TableName: tableName, Key: caseNumberCounter }))
    return result.Item?.firstCaseMonth as string | undefined
  }

  /** The monthly timeline continues into the previous month until the month of the very first case. */
  async function nextSegment(
    segment: Segment,
    oldest: () => Promise<string | undefined>,
  ): Promise<Segment | undefined> {
    if (segment.index !== 'gsi3') return undefined
    const month = segment.partition.slice(casesCreatedInMonthPartition('').length)
    const first = await oldest()
    if (!first || month <= first) return undefined
    return { index: 'gsi3', partition: casesCreatedInMonthPartition(previousMonth(month)) }
  }

  function filterFor(query: CaseListQuery, segment: Segment) {
    const conditions: string[] = []
    const values: Record<string, string> = {}
    if (query.status && segment.index !== 'gsi2') {
      conditions.push('#status = :status')
      values[':status'] = query.status
    }
    if (query.severity) {
      conditions.push('#severity = :severity')
      values[':severity'] = query.severity
    }
    return { conditions, values }
  }

  function queryInput(
    query: CaseListQuery,
    segment: Segment,
    startKey: Record<string, string> | undefined,
    limit: number,
  ) {
    const { partitionKey, sortKey } = indexAttributes(segment.index)
    const filter = filterFor(query, segment)
    const names: Record<string, string> = { '#pk': partitionKey }
    const values: Record<string, string> = { ':pk': segment.partition, ...filter.values }
    let keyCondition = '#pk = :pk'
    if (segment.sortKeyPrefix) {
      names['#sk'] = sortKey
      values[':prefix'] = segment.sortKeyPrefix
      keyCondition += ' AND begins_with(#sk, :prefix)'
    }
    if (filter.conditions.length) {
      if (filter.values[':status']) names['#status'] = 'status'
      if (filter.values[':severity']) names['#severity'] = 'severity'
    }
    const input: QueryCommandInput = {
      TableName: tableName,
      IndexName: segment.index,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: limit,
      ...(filter.conditions.length ? { FilterExpression: filter.conditions.join(' AND ') } : {}),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }
    return input
  }

  /** Binds a cursor to everything that shapes the result, so it cannot be replayed elsewhere. */
  function cursorContext(query: CaseListQuery): string {
    const scope = query.scope.kind === 'account' ? `account:${query.scope.accountId}` : 'all'
    return `cases|${scope}|status:${query.status ?? ''}|severity:${query.severity ?? ''}`
  }

  return {
    async nextCaseSequence(now) {
      const result = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: caseNumberCounter,
          UpdateExpression:
            'SET #seq = if_not_exists(#seq, :before) + :one, #firstMonth = if_not_exists(#firstMonth, :month)',
          ExpressionAttributeNames: { '#seq': 'sequence', '#firstMonth': 'firstCaseMonth' },
          ExpressionAttributeValues: {
            ':before': firstCaseNumber - 1,
            ':one': 1,
            ':month': monthOf(now.toISOString()),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      )
      return Number(result.Attributes?.sequence)
    },

    async insertCase(newCase, event: CaseEvent) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...caseKeys.item(newCase.id),
                  ...caseKeys.indexes(newCase),
                  entity: 'case',
                  ...newCase,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...caseKeys.number(newCase.number), entity: 'caseNumber', caseId: newCase.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...caseEventKeys.item(event.caseId, event.at, event.id),
                  entity: 'caseEvent',
                  ...event,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      )
    },

    async findCase(scope: AccessScope, caseId) {
      const result = await doc.send(new GetCommand({ TableName: tableName, Key: caseKeys.item(caseId) }))
      if (!result.Item) return undefined
      const found = Case.parse(stripKeys(result.Item))
      // The tenant check lives here, once: a case outside the caller's scope does not exist for them.
      if (scope.kind === 'account' && found.accountId !== scope.accountId) return undefined
      return found
    },

    async listCases(query): Promise<CasePage> {
      const cursors = await cursorCodec()
      const context = cursorContext(query)
      let segment = firstSegment(query)
      let startKey: Record<string, string> | undefined
      if (query.cursor) {
        const position = cursors.decode(query.cursor, context) as Position
        segment = { ...segment, partition: position.partition }
        startKey = position.key
      }
      let oldestMonth: Promise<string | undefined> | undefined
      const oldest = () => {
        oldestMonth ??= oldestCaseMonth()
        return oldestMonth
      }

      // Read one item more than asked: if it exists there is a next page, so the last page never
      // comes with a cursor that leads to nothing.
      const wanted = query.limit + 1
      const found: Record<string, unknown>[] = []
      let queries = 0
      while (found.length < wanted) {
        if (queries === maxQueriesPerPage) {
          // Filters skipped many items: return a short page that resumes where reading stopped.
          const position: Position = { partition: segment.partition, key: startKey }
          return {
            cases: found.map((item) => Case.parse(stripKeys(item))),
            nextCursor: cursors.encode(position, context),
          }
        }
        queries++
        const result = await doc.send(
          new QueryCommand(queryInput(query, segment, startKey, wanted - found.length)),
        )
        for (const item of result.Items ?? []) found.push({ ...item, segmentPartition: segment.partition })
        if (result.LastEvaluatedKey) {
          startKey = result.LastEvaluatedKey as Record<string, string>
          continue
        }
        const next = await nextSegment(segment, oldest)
        if (!next) break
        segment = next
        startKey = undefined
      }

      const page = found.slice(0, query.limit)
      const last = page.at(-1)
      const nextCursor =
        found.length > query.limit && last
          ? cursors.encode(
              { partition: String(last.segmentPartition), key: keyOf(last, firstSegment(query).index) },
              context,
            )
          : null
      return { cases: page.map((item) => Case.parse(stripKeys(item))), nextCursor }
    },
  }
}
