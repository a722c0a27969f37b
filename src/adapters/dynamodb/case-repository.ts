import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { Case, CaseEvent, firstCaseNumber } from '#src/domain/case.ts'
import { Comment } from '#src/domain/comment.ts'
import { StaleCaseError } from '#src/domain/errors.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { CaseItemsPage, CaseListQuery, CaseStore } from '#src/use-cases/ports/cases.ts'
import { caseEntity, caseEventItem } from './case-event-item.ts'
import { caseLabelWrites } from './case-label-items.ts'
import type { CaseLabelLists } from './case-label-lists.ts'
import { putIfAbsent, saveVersioned, type TransactItem } from './conditions.ts'
import { stripKeys } from './items.ts'
import {
  accountCases,
  assigneeCases,
  caseHistory,
  caseKeys,
  casesCreatedInMonth,
  casesInStatus,
  caseWithComments,
  commentKeys,
  counterKeys,
  isContactRole,
  monthOf,
  monthOfCasesCreatedIn,
  personEntry,
  queueWorkList,
} from './keys.ts'
import { equalityFilter, type PagedQuery, pagedQuery, type Segment } from './paged-query.ts'

const caseNumberCounter = counterKeys.item('case-number')

/** How a cursor names the caller's scope: one account, or all of them (staff). */
function scopeContext(scope: AccessScope): string {
  return scope.kind === 'account' ? `account:${scope.accountId}` : 'all'
}

/** The tenant rule: a record of another account does not exist for an account's callers. */
function inScope(scope: AccessScope, accountId: string): boolean {
  return scope.kind === 'all' || scope.accountId === accountId
}

/** What customers see of a case's comments and history. */
const publicOnly = {
  expression: '#visibility = :public',
  names: { '#visibility': 'visibility' },
  values: { ':public': 'public' },
}

/** What customers see of a case's comments, and the case item in front of them (for the scope check). */
const publicOrCase = {
  expression: '#entity = :case OR #visibility = :public',
  names: { '#entity': 'entity', ...publicOnly.names },
  values: { ':case': caseEntity, ...publicOnly.values },
}

function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, monthNumber - 2, 1)).toISOString().slice(0, 7)
}

/** A case as its item: keys, index keys and fields. */
export function caseItem(c: Case): Record<string, unknown> {
  return { ...caseKeys.item(c.id), ...caseKeys.indexes(c), entity: caseEntity, ...c }
}

/** A comment as its item, in its case's partition. */
export function commentItem(comment: Comment): Record<string, unknown> {
  return {
    ...commentKeys.item(comment.caseId, comment.createdAt, comment.id),
    ...(isContactRole(comment.authorRole) ? personEntry(comment.authorId, 'comment', comment.createdAt) : {}),
    entity: 'comment',
    ...comment,
  }
}

/** Cases in DynamoDB: the case item, its number claim, events and comments, and the timelines (docs/data-model.md). */
export function createCaseRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first list request only, so functions that never page never fetch the signing key. */
  cursorCodec: () => Promise<CursorCodec>,
  /** Given by the functions that list cases only: how a list filtered by a label reads. */
  labelLists?: CaseLabelLists,
): CaseStore {
  function labelled(): CaseLabelLists {
    if (!labelLists) throw new Error('no label lists: pass `labelLists`')
    return labelLists
  }

  const newItem = (item: Record<string, unknown>): TransactItem => ({ Put: putIfAbsent(tableName, item) })

  async function page(query: PagedQuery) {
    return pagedQuery(doc, tableName, await cursorCodec(), query)
  }

  /** The monthly timeline continues into the previous month until the month of the very first case. */
  function monthlyWalk() {
    let oldest: Promise<string | undefined> | undefined
    return async (segment: Segment): Promise<Segment | undefined> => {
      oldest ??= doc
        .send(new GetCommand({ TableName: tableName, Key: caseNumberCounter }))
        .then((result) => result.Item?.firstCaseMonth as string | undefined)
      const first = await oldest
      const month = monthOfCasesCreatedIn(segment)
      if (!first || month <= first) return undefined
      return casesCreatedInMonth(previousMonth(month))
    }
  }

  /**
   * Where a case list reads, decided by the caller's scope and filters (never by the cursor), and
   * what it filters on: whatever the access pattern's key does not already select.
   */
  function caseList(query: CaseListQuery): Pick<PagedQuery, 'first' | 'next' | 'filter'> {
    const { status, severity, label } = query
    if (label) {
      // A label's own lists (docs/data-model.md, "Labels"): the label items carry what is left to filter.
      return {
        first: labelled().cases(query.scope, label),
        filter: equalityFilter({ status, severity, assigneeId: query.assigneeId }),
      }
    }
    if (query.assigneeId) {
      // Staff asking for their own cases of one account: the assignee's list, narrowed to the account.
      const accountId = query.scope.kind === 'account' ? query.scope.accountId : undefined
      return {
        first: assigneeCases(query.assigneeId),
        filter: equalityFilter({ status, severity, accountId }),
      }
    }
    if (query.scope.kind === 'account') {
      return { first: accountCases(query.scope.accountId), filter: equalityFilter({ status, severity }) }
    }
    if (status) return { first: casesInStatus(status), filter: equalityFilter({ severity }) }
    return {
      first: casesCreatedInMonth(monthOf(query.now.toISOString())),
      next: monthlyWalk(),
      filter: equalityFilter({ severity }),
    }
  }

  /** Binds a cursor to everything that shapes the result, so it cannot be replayed elsewhere. */
  function caseListContext(query: CaseListQuery): string {
    return `cases|${scopeContext(query.scope)}|status:${query.status ?? ''}|severity:${query.severity ?? ''}|assignee:${query.assigneeId ?? ''}|label:${query.label ?? ''}`
  }

  /**
   * A case's comments or history, oldest first; without `includeInternal`, the public entries only
   * (and whatever else `visible` lets through). The cursor is signed with the scope, the case and
   * the visibility: a later page was checked when its cursor was issued, and any other caller's
   * replay of it is refused (400) before anything is read. The first page decides whether the case
   * exists, so it reads consistently, as `findCase` did: a case just created is never a 404.
   */
  function listInCase(
    list: 'comments' | 'events',
    scope: AccessScope,
    caseId: string,
    pattern: Segment,
    { limit, cursor, includeInternal }: CaseItemsPage,
    visible: NonNullable<PagedQuery['filter']>,
  ) {
    return page({
      context: `${list}|${scopeContext(scope)}|${caseId}|internal:${includeInternal}`,
      limit,
      cursor,
      first: pattern,
      ascending: true,
      filter: includeInternal ? undefined : visible,
      consistent: !cursor,
    })
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
            ...caseLabelWrites(tableName, undefined, newCase),
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
      const result = await page({
        context: caseListContext(query),
        limit: query.limit,
        cursor: query.cursor,
        ...caseList(query),
      })
      const cases = query.label
        ? await labelled().casesOf(result.items)
        : result.items.map((item) => Case.parse(stripKeys(item)))
      return { cases, nextCursor: result.nextCursor }
    },

    async saveCaseChange({ next, expectedVersion, events, comment }, previous) {
      await saveVersioned(doc, tableName, {
        item: caseItem(next),
        expectedVersion,
        alongside: [
          ...events.map((event, position) => newItem(caseEventItem(event, position))),
          ...(comment ? [newItem(commentItem(comment))] : []),
          // The label items follow the case in the same transaction (docs/data-model.md, "Labels").
          ...caseLabelWrites(tableName, previous, next),
        ],
        stale: () => new StaleCaseError(next.id),
      })
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

    async listComments(scope, caseId, options) {
      // One Query from the case item on: the first page reads one more item (the case, for the
      // scope check); a later page starts after a comment, so it holds comments only.
      const firstPage = !options.cursor
      const limit = firstPage ? options.limit + 1 : options.limit
      const pattern = caseWithComments(caseId)
      const result = await listInCase('comments', scope, caseId, pattern, { ...options, limit }, publicOrCase)
      let items = result.items
      if (firstPage) {
        const [first, ...comments] = items
        if (first?.entity !== caseEntity || !inScope(scope, Case.parse(stripKeys(first)).accountId)) {
          return undefined
        }
        items = comments
      }
      return { items: items.map((item) => Comment.parse(stripKeys(item))), nextCursor: result.nextCursor }
    },

    async listEvents(scope, caseId, options) {
      const result = await listInCase('events', scope, caseId, caseHistory(caseId), options, publicOnly)
      const events = result.items.map((item) => CaseEvent.parse(stripKeys(item)))
      // No case item among the events: every case's history starts with its public `case.created`
      // event, so the first page of an existing case is never empty, and every event carries the
      // case's account.
      if (!options.cursor && (events.length === 0 || events.some((e) => !inScope(scope, e.accountId)))) {
        return undefined
      }
      return { items: events, nextCursor: result.nextCursor }
    },

    async listQueueCases(queue, { limit, cursor, label }) {
      const result = await page({
        context: label ? `queue|${queue}|label:${label}` : `queue|${queue}`,
        limit,
        cursor,
        first: label ? labelled().queue(queue, label) : queueWorkList(queue),
        ascending: true,
      })
      const items = label
        ? await labelled().casesOf(result.items)
        : result.items.map((item) => Case.parse(stripKeys(item)))
      return { items, nextCursor: result.nextCursor }
    },
  }
}
