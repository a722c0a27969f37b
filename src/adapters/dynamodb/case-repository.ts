import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { Case, CaseEvent, firstCaseNumber } from '#src/domain/case.ts'
import { Comment } from '#src/domain/comment.ts'
import { StaleCaseError } from '#src/domain/errors.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { CaseListQuery, CaseStore } from '#src/use-cases/ports/cases.ts'
import type { CursorCodec } from '../cursor.ts'
import { caseEntity, caseEventItem } from './case-event-item.ts'
import { cancellationCodes } from './conditions.ts'
import { stripKeys } from './items.ts'
import {
  accountPartition,
  assigneePartition,
  caseEventKeys,
  caseItemPartition,
  caseKeys,
  casesCreatedInMonthPartition,
  casesInStatusPartition,
  commentKeys,
  counterKeys,
  monthOf,
  queuePartition,
} from './keys.ts'
import { type PagedQuery, pagedQuery, type Segment } from './paged-query.ts'

const caseNumberCounter = counterKeys.item('case-number')

function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, monthNumber - 2, 1)).toISOString().slice(0, 7)
}

type Put = NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Put']>

function caseItem(c: Case): Record<string, unknown> {
  return { ...caseKeys.item(c.id), ...caseKeys.indexes(c), entity: caseEntity, ...c }
}

function commentItem(comment: Comment): Record<string, unknown> {
  return { ...commentKeys.item(comment.caseId, comment.createdAt, comment.id), entity: 'comment', ...comment }
}

/** Cases in DynamoDB: the case item, its number claim, events and comments, and the timelines (docs/data-model.md). */
export function createCaseRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first list request only, so functions that never page never fetch the signing key. */
  cursorCodec: () => Promise<CursorCodec>,
): CaseStore {
  const newItem = (item: Record<string, unknown>): { Put: Put } => ({
    Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
  })

  async function page(query: PagedQuery) {
    return pagedQuery(doc, tableName, await cursorCodec(), query)
  }

  /** Where a case list starts: decided by the caller's scope and filters, never by the cursor. */
  function firstSegment(query: CaseListQuery): Segment {
    if (query.assigneeId) return { index: 'gsi5', partition: assigneePartition(query.assigneeId) }
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

  /** The monthly timeline continues into the previous month until the month of the very first case. */
  function monthlyWalk() {
    let oldest: Promise<string | undefined> | undefined
    return async (segment: Segment): Promise<Segment | undefined> => {
      if (segment.index !== 'gsi3') return undefined
      oldest ??= doc
        .send(new GetCommand({ TableName: tableName, Key: caseNumberCounter }))
        .then((result) => result.Item?.firstCaseMonth as string | undefined)
      const first = await oldest
      const month = segment.partition.slice(casesCreatedInMonthPartition('').length)
      if (!first || month <= first) return undefined
      return { index: 'gsi3', partition: casesCreatedInMonthPartition(previousMonth(month)) }
    }
  }

  function caseFilter(query: CaseListQuery, first: Segment): PagedQuery['filter'] {
    const conditions: string[] = []
    const names: Record<string, string> = {}
    const values: Record<string, unknown> = {}
    if (query.status && first.index !== 'gsi2') {
      conditions.push('#status = :status')
      names['#status'] = 'status'
      values[':status'] = query.status
    }
    if (query.severity) {
      conditions.push('#severity = :severity')
      names['#severity'] = 'severity'
      values[':severity'] = query.severity
    }
    // Staff asking for their own cases of one account: the assignee index, narrowed to the account.
    if (query.assigneeId && query.scope.kind === 'account') {
      conditions.push('#accountId = :accountId')
      names['#accountId'] = 'accountId'
      values[':accountId'] = query.scope.accountId
    }
    return conditions.length ? { expression: conditions.join(' AND '), names, values } : undefined
  }

  /** Binds a cursor to everything that shapes the result, so it cannot be replayed elsewhere. */
  function caseListContext(query: CaseListQuery): string {
    const scope = query.scope.kind === 'account' ? `account:${query.scope.accountId}` : 'all'
    return `cases|${scope}|status:${query.status ?? ''}|severity:${query.severity ?? ''}|assignee:${query.assigneeId ?? ''}`
  }

  const publicOnly = {
    expression: '#visibility = :public',
    names: { '#visibility': 'visibility' },
    values: { ':public': 'public' },
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

    async insertCase(newCase, event) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            newItem(caseItem(newCase)),
            newItem({ ...caseKeys.number(newCase.number), entity: 'caseNumber', caseId: newCase.id }),
            newItem(caseEventItem(event)),
          ],
        }),
      )
    },

    async findCase(scope: AccessScope, caseId) {
      const result = await doc.send(
        new GetCommand({ TableName: tableName, Key: caseKeys.item(caseId), ConsistentRead: true }),
      )
      if (!result.Item) return undefined
      const found = Case.parse(stripKeys(result.Item))
      // The tenant check lives here, once: a case outside the caller's scope does not exist for them.
      if (scope.kind === 'account' && found.accountId !== scope.accountId) return undefined
      return found
    },

    async listCases(query) {
      const first = firstSegment(query)
      const result = await page({
        context: caseListContext(query),
        limit: query.limit,
        cursor: query.cursor,
        first,
        next: monthlyWalk(),
        filter: caseFilter(query, first),
      })
      return { cases: result.items.map((item) => Case.parse(stripKeys(item))), nextCursor: result.nextCursor }
    },

    async saveCaseChange({ next, expectedVersion, events, comment }) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: caseItem(next),
                  // Optimistic concurrency: the write holds only if nobody changed the case since it was read.
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                },
              },
              ...events.map((event, position) => newItem(caseEventItem(event, position))),
              ...(comment ? [newItem(commentItem(comment))] : []),
            ],
          }),
        )
      } catch (error) {
        if (cancellationCodes(error)[0] === 'ConditionalCheckFailed') throw new StaleCaseError(next.id)
        throw error
      }
    },

    async addComment(comment, event) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [newItem(commentItem(comment)), newItem(caseEventItem(event))],
        }),
      )
    },

    async findComment(caseId, createdAt, commentId) {
      // Consistent: the stream may deliver the comment's event before an eventually consistent read sees it.
      const result = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: commentKeys.item(caseId, createdAt, commentId),
          ConsistentRead: true,
        }),
      )
      return result.Item ? Comment.parse(stripKeys(result.Item)) : undefined
    },

    async listComments(caseId, { limit, cursor, includeInternal }) {
      const result = await page({
        context: `comments|${caseId}|internal:${includeInternal}`,
        limit,
        cursor,
        first: { partition: caseItemPartition(caseId), sortKeyPrefix: commentKeys.prefix },
        ascending: true,
        filter: includeInternal ? undefined : publicOnly,
      })
      return {
        items: result.items.map((item) => Comment.parse(stripKeys(item))),
        nextCursor: result.nextCursor,
      }
    },

    async listEvents(caseId, { limit, cursor, includeInternal }) {
      const result = await page({
        context: `events|${caseId}|internal:${includeInternal}`,
        limit,
        cursor,
        first: { partition: caseItemPartition(caseId), sortKeyPrefix: caseEventKeys.prefix },
        ascending: true,
        filter: includeInternal ? undefined : publicOnly,
      })
      return {
        items: result.items.map((item) => CaseEvent.parse(stripKeys(item))),
        nextCursor: result.nextCursor,
      }
    },

    async listQueueCases(queue, { limit, cursor }) {
      const result = await page({
        context: `queue|${queue}`,
        limit,
        cursor,
        first: { index: 'gsi4', partition: queuePartition(queue) },
        ascending: true,
      })
      return { items: result.items.map((item) => Case.parse(stripKeys(item))), nextCursor: result.nextCursor }
    },
  }
}
