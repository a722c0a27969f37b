import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import { caseKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { NotFoundError, StaleCaseError, ValidationError } from '#src/domain/errors.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import { listComments } from '#src/use-cases/comments.ts'
import { listHistory } from '#src/use-cases/list-history.ts'
import type { CaseListQuery } from '#src/use-cases/ports/cases.ts'
import { aCase, aCustomer, aStaffMember, InMemoryCaseFields, now } from '../../fakes/core.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const cursorCodec = async () => cursors
const repository = createCaseRepository(doc, tableName, cursorCodec)

const newCase = aCase({ id: 'c1', number: 'CS-1042', accountId: 'acme', createdAt: now.toISOString() })
const event: CaseEvent = {
  id: 'e1',
  caseId: 'c1',
  accountId: 'acme',
  type: 'case.created',
  action: 'create',
  actor: { userId: 'alice', role: 'customer' },
  at: now.toISOString(),
  visibility: 'public',
  changes: [{ field: 'status', after: 'new' }],
}

/** A case as it is stored: the case itself plus its keys and entity tag. */
function storedCase(c: Case): Record<string, unknown> {
  return { ...caseKeys.item(c.id), ...caseKeys.indexes(c), entity: 'case', ...c }
}

/** `count` stored cases of one account, newest first as gsi1 returns them. */
function storedCases(count: number, accountId = 'acme'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    storedCase(
      aCase({
        id: `c${count - i}`,
        accountId,
        createdAt: new Date(now.getTime() - i * 60_000).toISOString(),
      }),
    ),
  )
}

/** A cancelled transaction as the SDK reports it, with one reason per item. */
function cancelled(codes: string[]): Error {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  })
}

function listQuery(overrides: Partial<CaseListQuery> = {}): CaseListQuery {
  return { scope: { kind: 'account', accountId: 'acme' }, limit: 2, now, ...overrides }
}

beforeEach(() => {
  ddb.reset()
})

describe('insertCase', () => {
  async function sentTransaction() {
    ddb.on(TransactWriteCommand).resolves({})
    await repository.insertCase(newCase, event)
    const calls = ddb.commandCalls(TransactWriteCommand)
    expect(calls).toHaveLength(1)
    return calls[0]?.args[0].input.TransactItems ?? []
  }

  it('writes the case, its number claim and its event in one transaction of three puts', async () => {
    const items = await sentTransaction()

    expect(items.map((item) => [item.Put?.Item?.pk, item.Put?.Item?.sk])).toEqual([
      ['CASE#c1', 'CASE'],
      ['CASENUMBER#CS-1042', 'CASENUMBER'],
      ['CASE#c1', `EVENT#${now.toISOString()}#00#e1`],
    ])
  })

  it('sends only the transaction', async () => {
    await sentTransaction()

    expect(ddb.calls()).toHaveLength(1)
  })

  it('makes every put conditional on the item not existing', async () => {
    const items = await sentTransaction()

    expect(items.map((item) => item.Put?.ConditionExpression)).toEqual([
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
    ])
  })

  it('writes every put to the configured table', async () => {
    const items = await sentTransaction()

    expect(items.map((item) => item.Put?.TableName)).toEqual([tableName, tableName, tableName])
  })

  it('puts the case on its three timelines', async () => {
    const items = await sentTransaction()

    expect(items[0]?.Put?.Item).toMatchObject({
      gsi1pk: 'ACCOUNT#acme',
      gsi1sk: `CASE#${now.toISOString()}#c1`,
      gsi2pk: 'STATUS#new',
      gsi2sk: `${now.toISOString()}#c1`,
      gsi3pk: 'CASEMONTH#2026-11',
      gsi3sk: `${now.toISOString()}#c1`,
    })
  })

  it('stores the case fields with the case item', async () => {
    const items = await sentTransaction()

    expect(items[0]?.Put?.Item).toMatchObject(newCase)
  })

  it('points the number claim at the case', async () => {
    const items = await sentTransaction()

    expect(items[1]?.Put?.Item).toMatchObject({ caseId: 'c1' })
  })

  it('stores the event fields with the event item', async () => {
    const items = await sentTransaction()

    expect(items[2]?.Put?.Item).toMatchObject(event)
  })

  it('lets a failed transaction reach the caller', async () => {
    const cancelled = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException' })
    ddb.on(TransactWriteCommand).rejects(cancelled)

    await expect(repository.insertCase(newCase, event)).rejects.toThrow('cancelled')
  })
})

describe('findCase', () => {
  it('reads the case item by its key', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCase(newCase) })

    await repository.findCase({ kind: 'all' }, 'c1')

    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: { pk: 'CASE#c1', sk: 'CASE' },
      ConsistentRead: true,
    })
  })

  it('returns the case without its storage keys', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCase(newCase) })

    expect(await repository.findCase({ kind: 'all' }, 'c1')).toEqual(newCase)
  })

  it('returns a case of the scope account', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCase(newCase) })

    expect(await repository.findCase({ kind: 'account', accountId: 'acme' }, 'c1')).toEqual(newCase)
  })

  it('does not find a case of another account in an account scope', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCase(aCase({ id: 'c1', accountId: 'globex' })) })

    expect(await repository.findCase({ kind: 'account', accountId: 'acme' }, 'c1')).toBeUndefined()
  })

  it('returns undefined for a case that does not exist', async () => {
    ddb.on(GetCommand).resolves({})

    expect(await repository.findCase({ kind: 'all' }, 'missing')).toBeUndefined()
  })
})

describe('nextCaseSequence', () => {
  it('increments the counter with if_not_exists and returns the new number', async () => {
    // Arrange
    ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 1042 } })

    // Act
    const sequence = await repository.nextCaseSequence(now)

    // Assert
    expect(sequence).toBe(1042)
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input
    expect(input?.Key).toEqual({ pk: 'COUNTER#case-number', sk: 'COUNTER' })
    expect(input?.UpdateExpression).toContain('if_not_exists(#seq, :before) + :one')
    expect(input?.ReturnValues).toBe('UPDATED_NEW')
  })

  it('starts counting so that the first case is CS-1001', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 1001 } })

    await repository.nextCaseSequence(now)

    const values = ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues
    expect(values?.[':before']).toBe(1000)
    expect(values?.[':one']).toBe(1)
  })

  it('records the month of the first case once', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 1001 } })

    await repository.nextCaseSequence(now)

    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input
    expect(input?.UpdateExpression).toContain('if_not_exists(#firstMonth, :month)')
    expect(input?.ExpressionAttributeValues?.[':month']).toBe('2026-11')
  })
})

describe('listCases', () => {
  it('queries the account timeline on gsi1, newest first, one item more than asked', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listCases(listQuery({ limit: 2 }))

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
      ExpressionAttributeValues: { ':pk': 'ACCOUNT#acme', ':prefix': 'CASE#' },
      ScanIndexForward: false,
      Limit: 3,
    })
  })

  it('returns the cases without storage keys', async () => {
    const [first] = storedCases(1)
    ddb.on(QueryCommand).resolves({ Items: [first as Record<string, unknown>] })

    const page = await repository.listCases(listQuery())

    expect(page.cases).toHaveLength(1)
    expect(page.cases[0]).not.toHaveProperty('pk')
    expect(page.cases[0]).not.toHaveProperty('gsi1pk')
  })

  it('gives no next cursor when the extra item did not come back', async () => {
    ddb.on(QueryCommand).resolves({ Items: storedCases(2) })

    const page = await repository.listCases(listQuery({ limit: 2 }))

    expect(page.cases).toHaveLength(2)
    expect(page.nextCursor).toBeNull()
  })

  it('gives a next cursor and drops the extra item when it came back', async () => {
    ddb.on(QueryCommand).resolves({ Items: storedCases(3) })

    const page = await repository.listCases(listQuery({ limit: 2 }))

    expect(page.cases.map((c) => c.id)).toEqual(['c3', 'c2'])
    expect(page.nextCursor).toEqual(expect.any(String))
  })

  it('continues after the last case of the page when given the next cursor', async () => {
    // Arrange
    const items = storedCases(3)
    ddb.on(QueryCommand).resolvesOnce({ Items: items }).resolves({ Items: [] })
    const { nextCursor } = await repository.listCases(listQuery({ limit: 2 }))

    // Act
    await repository.listCases(listQuery({ limit: 2, cursor: nextCursor ?? undefined }))

    // Assert
    const last = items[1] as Record<string, string>
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
      pk: last.pk,
      sk: last.sk,
      gsi1pk: last.gsi1pk,
      gsi1sk: last.gsi1sk,
    })
  })

  it('refuses a cursor of another account scope without querying', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: storedCases(3) })
    const { nextCursor } = await repository.listCases(listQuery({ limit: 2 }))
    ddb.resetHistory()

    // Act
    const listing = repository.listCases(
      listQuery({ scope: { kind: 'account', accountId: 'globex' }, cursor: nextCursor ?? undefined }),
    )

    // Assert
    await expect(listing).rejects.toThrow(ValidationError)
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0)
  })

  it('keeps reading when DynamoDB stops before the page is full', async () => {
    // Arrange: a filter leaves the first read short; DynamoDB says where it stopped.
    const [a, b, c] = storedCases(3)
    const stoppedAt = { pk: 'CASE#x', sk: 'CASE', gsi1pk: 'ACCOUNT#acme', gsi1sk: 'CASE#x' }
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [a as Record<string, unknown>], LastEvaluatedKey: stoppedAt })
      .resolves({ Items: [b as Record<string, unknown>, c as Record<string, unknown>] })

    // Act
    const page = await repository.listCases(listQuery({ limit: 2, severity: 'urgent' }))

    // Assert
    const second = ddb.commandCalls(QueryCommand)[1]?.args[0].input
    expect(second?.ExclusiveStartKey).toEqual(stoppedAt)
    expect(second?.Limit).toBe(2)
    expect(page.cases).toHaveLength(2)
    expect(page.nextCursor).not.toBeNull()
  })

  it('filters by severity on the account timeline', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listCases(listQuery({ severity: 'critical' }))

    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input
    expect(input?.FilterExpression).toBe('#severity = :severity')
    expect(input?.ExpressionAttributeValues?.[':severity']).toBe('critical')
  })

  it('lists staff one status from the status timeline on gsi2, without a filter', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listCases(listQuery({ scope: { kind: 'all' }, status: 'open' }))

    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input
    expect(input).toMatchObject({ IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': 'STATUS#open' } })
    expect(input?.FilterExpression).toBeUndefined()
  })

  it('lists staff all cases from the monthly timeline on gsi3, starting with the current month', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })
    ddb.on(GetCommand).resolves({ Item: { firstCaseMonth: '2026-11' } })

    await repository.listCases(listQuery({ scope: { kind: 'all' } }))

    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input
    expect(input).toMatchObject({
      IndexName: 'gsi3',
      ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-11' },
    })
  })

  it('walks the monthly timeline back to the month of the first case', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [] })
    ddb.on(GetCommand).resolves({ Item: { firstCaseMonth: '2026-10' } })

    // Act
    await repository.listCases(listQuery({ scope: { kind: 'all' }, now: new Date('2026-12-02T00:00:00Z') }))

    // Assert
    const partitions = ddb
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk'])
    expect(partitions).toEqual(['CASEMONTH#2026-12', 'CASEMONTH#2026-11', 'CASEMONTH#2026-10'])
  })

  it('walks from January back into December of the previous year', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })
    ddb.on(GetCommand).resolves({ Item: { firstCaseMonth: '2025-12' } })

    await repository.listCases(listQuery({ scope: { kind: 'all' }, now: new Date('2026-01-15T00:00:00Z') }))

    const partitions = ddb
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk'])
    expect(partitions).toEqual(['CASEMONTH#2026-01', 'CASEMONTH#2025-12'])
  })
})

describe('saveCaseChange', () => {
  const before = aCase({ id: 'c1', accountId: 'acme', version: 3, createdAt: now.toISOString() })
  const after: Case = { ...before, status: 'in_progress', version: 4, assigneeId: 'sam' }
  const at = '2026-11-25T11:00:00.000Z'
  const transitioned: CaseEvent = {
    ...event,
    id: 'e2',
    type: 'case.transitioned',
    action: 'customer_reply',
    at,
    changes: [{ field: 'status', before: 'waiting_on_customer', after: 'in_progress' }],
  }
  const commented: CaseEvent = {
    ...event,
    id: 'e3',
    type: 'comment.added',
    action: 'comment',
    at,
    changes: [],
  }
  const reply: Comment = {
    id: 'k1',
    caseId: 'c1',
    accountId: 'acme',
    authorId: 'alice',
    authorRole: 'customer',
    visibility: 'public',
    body: 'Here are the logs.',
    createdAt: at,
  }

  async function sentItems(change: Parameters<typeof repository.saveCaseChange>[0], previous = before) {
    ddb.on(TransactWriteCommand).resolves({})
    await repository.saveCaseChange(change, previous)
    expect(ddb.calls()).toHaveLength(1)
    return ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
  }

  it('puts the case conditioned on the version it was read at', async () => {
    const [casePut] = await sentItems({ next: after, expectedVersion: 3, events: [transitioned] })

    expect(casePut?.Put).toEqual({
      TableName: tableName,
      Item: storedCase(after),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': 3 },
    })
  })

  it('writes the events in order, numbered 00, 01 in their sort keys, and the comment, in one transaction', async () => {
    // Act
    const items = await sentItems({
      next: after,
      expectedVersion: 3,
      events: [commented, transitioned],
      comment: reply,
    })

    // Assert
    expect(items.map((item) => [item.Put?.Item?.pk, item.Put?.Item?.sk])).toEqual([
      ['CASE#c1', 'CASE'],
      ['CASE#c1', `EVENT#${at}#00#e3`],
      ['CASE#c1', `EVENT#${at}#01#e2`],
      ['CASE#c1', `COMMENT#${at}#k1`],
    ])
    expect(items.slice(1).map((item) => item.Put?.ConditionExpression)).toEqual([
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
    ])
    expect(items[1]?.Put?.Item).toMatchObject({ ...commented, entity: 'caseEvent' })
    expect(items[3]?.Put?.Item).toMatchObject({ ...reply, entity: 'comment' })
  })

  it('takes a closed case off its queue’s work list', async () => {
    const [casePut] = await sentItems({
      next: { ...before, status: 'closed', version: 4 },
      expectedVersion: 3,
      events: [transitioned],
    })

    expect(casePut?.Put?.Item).not.toHaveProperty('gsi4pk')
    expect(casePut?.Put?.Item).toMatchObject({ gsi2pk: 'STATUS#closed' })
  })

  it('puts an assigned case on its assignee’s list and an unassigned one off it', async () => {
    const [assigned] = await sentItems({ next: after, expectedVersion: 3, events: [transitioned] })
    ddb.reset()
    const [unassigned] = await sentItems({ next: { ...before, version: 4 }, expectedVersion: 3, events: [] })

    expect(assigned?.Put?.Item).toMatchObject({ gsi5pk: 'ASSIGNEE#sam', gsi4pk: 'QUEUE#support' })
    expect(unassigned?.Put?.Item).not.toHaveProperty('gsi5pk')
  })

  it('throws StaleCaseError when the version condition failed', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']))

    const saving = repository.saveCaseChange(
      { next: after, expectedVersion: 3, events: [transitioned] },
      before,
    )

    await expect(saving).rejects.toThrow(StaleCaseError)
    await expect(saving).rejects.toMatchObject({ caseId: 'c1' })
  })

  it.each([
    ['another item’s condition failed', cancelled(['None', 'ConditionalCheckFailed'])],
    ['a concurrent transaction', cancelled(['TransactionConflict', 'None'])],
    ['a throttled request', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
  ])('passes the error on when %s', async (_, error) => {
    ddb.on(TransactWriteCommand).rejects(error)

    const saving = repository.saveCaseChange(
      { next: after, expectedVersion: 3, events: [transitioned] },
      before,
    )

    await expect(saving).rejects.toBe(error)
  })
})

describe('addComment', () => {
  const comment: Comment = {
    id: 'k1',
    caseId: 'c1',
    accountId: 'acme',
    authorId: 'sam',
    authorRole: 'agent',
    visibility: 'internal',
    body: 'Driver 3.2 is unsupported.',
    createdAt: now.toISOString(),
  }
  const added: CaseEvent = {
    ...event,
    id: 'e9',
    type: 'comment.added',
    action: 'comment',
    visibility: 'internal',
  }

  it('writes the comment and its event in one transaction, without writing the case', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    await repository.addComment(comment, added)

    // Assert
    expect(ddb.calls()).toHaveLength(1)
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.map((item) => [item.Put?.Item?.sk, item.Put?.ConditionExpression])).toEqual([
      [`COMMENT#${now.toISOString()}#k1`, 'attribute_not_exists(pk)'],
      [`EVENT#${now.toISOString()}#00#e9`, 'attribute_not_exists(pk)'],
    ])
    expect(items.some((item) => item.Put?.Item?.sk === 'CASE')).toBe(false)
  })
})

describe('listComments and listEvents', () => {
  const acme: AccessScope = { kind: 'account', accountId: 'acme' }
  const globex: AccessScope = { kind: 'account', accountId: 'globex' }
  const staff: AccessScope = { kind: 'all' }
  const stored = (c: Comment) => ({
    pk: `CASE#${c.caseId}`,
    sk: `COMMENT#${c.createdAt}#${c.id}`,
    entity: 'comment',
    ...c,
  })
  const storedEvent = (e: CaseEvent) => ({
    pk: `CASE#${e.caseId}`,
    sk: `EVENT#${e.at}#00#${e.id}`,
    entity: 'caseEvent',
    ...e,
  })
  const aComment: Comment = {
    id: 'k1',
    caseId: 'c1',
    accountId: 'acme',
    authorId: 'alice',
    authorRole: 'customer',
    visibility: 'public',
    body: 'Hello',
    createdAt: now.toISOString(),
  }
  const comments = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ ...aComment, id: `k${i + 1}` }))
  const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)

  it('reads the case item and the comments after it in one Query, oldest first, public only for customers', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [storedCase(newCase)] })

    // Act
    await repository.listComments(acme, 'c1', { limit: 10, includeInternal: false })

    // Assert: the case sorts right before its comments; it takes one more slot of the page.
    expect(queries()).toHaveLength(1)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0)
    const input = queries()[0]
    expect(input).toMatchObject({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': 'CASE#c1', ':low': 'CASE', ':high': 'COMMENT#~', ':case': 'case' },
      FilterExpression: '#entity = :case OR #visibility = :public',
      ScanIndexForward: true,
      ConsistentRead: true,
      Limit: 12,
    })
    expect(input).not.toHaveProperty('IndexName')
  })

  it('reads a case’s events in one Query under EVENT#, oldest first, public only for customers', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedEvent(event)] })

    await repository.listEvents(acme, 'c1', { limit: 10, includeInternal: false })

    expect(queries()).toHaveLength(1)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0)
    expect(queries()[0]).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CASE#c1', ':prefix': 'EVENT#', ':public': 'public' },
      FilterExpression: '#visibility = :public',
      ScanIndexForward: true,
      ConsistentRead: true,
      Limit: 11,
    })
  })

  it.each(['listComments', 'listEvents'] as const)('%s filters nothing for staff', async (method) => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository[method](staff, 'c1', { limit: 10, includeInternal: true })

    const input = queries()[0]
    expect(input).not.toHaveProperty('FilterExpression')
    expect(input?.ExpressionAttributeValues).not.toHaveProperty(':public')
  })

  it('returns comments and events without their storage keys, and without the case item', async () => {
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':low': 'CASE' } })
      .resolves({ Items: [storedCase(newCase), stored(aComment)] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':prefix': 'EVENT#' } })
      .resolves({ Items: [storedEvent(event)] })

    const page = await repository.listComments(acme, 'c1', { limit: 10, includeInternal: true })
    const events = await repository.listEvents(acme, 'c1', { limit: 10, includeInternal: true })

    expect(page).toEqual({ items: [aComment], nextCursor: null })
    expect(events).toEqual({ items: [event], nextCursor: null })
  })

  it('answers `limit` comments on the first page, with a cursor only when more exist', async () => {
    // Arrange: the case and exactly two comments, then the case and three.
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [storedCase(newCase), ...comments(2).map(stored)] })
      .resolvesOnce({ Items: [storedCase(newCase), ...comments(3).map(stored)] })

    // Act
    const exact = await repository.listComments(acme, 'c1', { limit: 2, includeInternal: true })
    const more = await repository.listComments(acme, 'c1', { limit: 2, includeInternal: true })

    // Assert
    expect(exact).toEqual({ items: comments(2), nextCursor: null })
    expect(more?.items).toEqual(comments(2))
    expect(more?.nextCursor).toEqual(expect.any(String))
  })

  it('reads a later page of comments from its cursor: one Query after the last comment, no check', async () => {
    // Arrange
    ddb.on(QueryCommand).resolvesOnce({ Items: [storedCase(newCase), ...comments(3).map(stored)] })
    const first = await repository.listComments(acme, 'c1', { limit: 2, includeInternal: false })
    ddb.reset()
    ddb.on(QueryCommand).resolves({ Items: [stored({ ...aComment, id: 'k3' })] })

    // Act
    const next = await repository.listComments(acme, 'c1', {
      limit: 2,
      includeInternal: false,
      cursor: first?.nextCursor ?? undefined,
    })

    // Assert
    expect(next).toEqual({ items: [{ ...aComment, id: 'k3' }], nextCursor: null })
    expect(queries()).toHaveLength(1)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0)
    expect(queries()[0]).toMatchObject({
      Limit: 3,
      ExclusiveStartKey: { pk: 'CASE#c1', sk: `COMMENT#${aComment.createdAt}#k2` },
    })
    expect(queries()[0]).not.toHaveProperty('ConsistentRead')
  })

  it.each([
    ['another account’s case', [storedCase(newCase), stored(aComment)], globex],
    ['a missing case', [], acme],
    ['a missing case whose partition starts with a comment', [stored(aComment)], staff],
  ])('answers undefined for the comments of %s', async (_, items, scope) => {
    ddb.on(QueryCommand).resolves({ Items: items })

    const page = await repository.listComments(scope, 'c1', { limit: 10, includeInternal: scope === staff })

    expect(page).toBeUndefined()
  })

  it.each([
    ['another account’s case (customers)', [storedEvent(event)], globex],
    ['a missing case (customers)', [], acme],
    ['a missing case (staff)', [], staff],
  ])('answers undefined for the history of %s', async (_, items, scope) => {
    ddb.on(QueryCommand).resolves({ Items: items })

    const page = await repository.listEvents(scope, 'c1', { limit: 10, includeInternal: scope === staff })

    expect(page).toBeUndefined()
  })

  it.each([
    ['another account', globex, 'c1', false],
    ['staff', staff, 'c1', false],
    ['another case', acme, 'c2', false],
    ['another visibility', acme, 'c1', true],
  ] as const)(
    'refuses a customer’s comment cursor replayed by %s, before reading',
    async (_, scope, caseId, internal) => {
      // Arrange: acme's customer page with a next cursor.
      ddb.on(QueryCommand).resolves({ Items: [storedCase(newCase), ...comments(3).map(stored)] })
      const { nextCursor } =
        (await repository.listComments(acme, 'c1', { limit: 2, includeInternal: false })) ?? {}
      ddb.reset()

      // Act
      const replay = repository.listComments(scope, caseId, {
        limit: 2,
        includeInternal: internal,
        cursor: nextCursor ?? undefined,
      })

      // Assert
      await expect(replay).rejects.toThrow(ValidationError)
      expect(queries()).toHaveLength(0)
    },
  )

  it('refuses a history cursor replayed by another account', async () => {
    const events = [1, 2, 3].map((n) => storedEvent({ ...event, id: `e${n}` }))
    ddb.on(QueryCommand).resolves({ Items: events })
    const { nextCursor } =
      (await repository.listEvents(acme, 'c1', { limit: 2, includeInternal: false })) ?? {}

    const replay = repository.listEvents(globex, 'c1', {
      limit: 2,
      includeInternal: false,
      cursor: nextCursor ?? undefined,
    })

    expect(nextCursor).toEqual(expect.any(String))
    await expect(replay).rejects.toThrow(ValidationError)
  })
})

describe('listComments and listHistory: one Query per page, no GetItem (use cases on the repository)', () => {
  const deps = { cases: repository, caseFields: new InMemoryCaseFields() }
  const storedComment = (id: string, accountId = 'acme') => ({
    pk: 'CASE#c1',
    sk: `COMMENT#${now.toISOString()}#${id}`,
    entity: 'comment',
    id,
    caseId: 'c1',
    accountId,
    authorId: 'alice',
    authorRole: 'customer',
    visibility: 'public',
    body: `Comment ${id}`,
    createdAt: now.toISOString(),
  })
  const storedEvent = (id: string, accountId = 'acme') => ({
    pk: 'CASE#c1',
    sk: `EVENT#${now.toISOString()}#00#${id}`,
    entity: 'caseEvent',
    ...event,
    id,
    accountId,
  })
  const calls = () => ({
    queries: ddb.commandCalls(QueryCommand).length,
    gets: ddb.commandCalls(GetCommand).length,
  })

  it.each([
    [
      'comments',
      listComments,
      [storedCase(newCase), storedComment('k1'), storedComment('k2'), storedComment('k3')],
    ],
    ['history', listHistory, [storedEvent('e1'), storedEvent('e2'), storedEvent('e3')]],
  ] as const)('pages %s with one Query each, first page and next', async (_, list, items) => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [...items] })

    // Act
    const first = await list('c1', { limit: 2 }, aCustomer(), deps)
    const afterFirst = calls()
    ddb.on(QueryCommand).resolves({ Items: [items.at(-1) as Record<string, unknown>] })
    const second = await list('c1', { limit: 2, cursor: first.nextCursor ?? undefined }, aCustomer(), deps)

    // Assert
    expect(first.items).toHaveLength(2)
    expect(second).toMatchObject({ items: [expect.any(Object)], nextCursor: null })
    expect(afterFirst).toEqual({ queries: 1, gets: 0 })
    expect(calls()).toEqual({ queries: 2, gets: 0 })
  })

  it.each([
    [
      'comments',
      listComments,
      [storedCase({ ...newCase, accountId: 'globex' }), storedComment('k1', 'globex')],
    ],
    ['history', listHistory, [storedEvent('e1', 'globex')]],
  ] as const)('answers 404 for the %s of another account’s case, after one Query', async (_, list, items) => {
    ddb.on(QueryCommand).resolves({ Items: [...items] })

    const reply = list('c1', { limit: 25 }, aCustomer(), deps)

    await expect(reply).rejects.toThrow(NotFoundError)
    await expect(reply).rejects.toThrow('There is no case c1.')
    expect(calls()).toEqual({ queries: 1, gets: 0 })
  })

  it.each([
    ['comments', listComments],
    ['history', listHistory],
  ] as const)('answers 404 for the %s of a missing case, for staff too', async (_, list) => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await expect(list('c1', { limit: 25 }, aStaffMember(), deps)).rejects.toThrow(NotFoundError)
    await expect(list('c1', { limit: 25 }, aCustomer(), deps)).rejects.toThrow(NotFoundError)
  })

  it.each([
    [
      'comments',
      listComments,
      [storedCase(newCase), storedComment('k1'), storedComment('k2'), storedComment('k3')],
    ],
    ['history', listHistory, [storedEvent('e1'), storedEvent('e2'), storedEvent('e3')]],
  ] as const)('answers 400 for a %s cursor of another account, reading nothing', async (_, list, items) => {
    // Arrange: acme's cursor.
    ddb.on(QueryCommand).resolves({ Items: [...items] })
    const { nextCursor } = await list('c1', { limit: 2 }, aCustomer(), deps)
    ddb.reset()

    // Act
    const replay = list(
      'c1',
      { limit: 2, cursor: nextCursor ?? undefined },
      aCustomer({ accountId: 'globex' }),
      deps,
    )

    // Assert
    await expect(replay).rejects.toThrow(ValidationError)
    expect(calls()).toEqual({ queries: 0, gets: 0 })
  })
})

describe('listQueueCases', () => {
  it('queries the queue’s partition of gsi4, oldest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listQueueCases('consulting', { limit: 5 })

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      TableName: tableName,
      IndexName: 'gsi4',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi4pk' },
      ExpressionAttributeValues: { ':pk': 'QUEUE#consulting' },
      ScanIndexForward: true,
      Limit: 6,
    })
  })

  it('returns the cases without storage keys', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedCase(newCase)] })

    const page = await repository.listQueueCases('support', { limit: 5 })

    expect(page).toEqual({ items: [newCase], nextCursor: null })
  })
})

describe('listCases: assignee', () => {
  it('reads the assignee’s list on gsi5, narrowed to the account for an account scope', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listCases(listQuery({ assigneeId: 'sam' }))

    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input
    expect(input).toMatchObject({
      IndexName: 'gsi5',
      ExpressionAttributeValues: { ':pk': 'ASSIGNEE#sam', ':accountId': 'acme' },
      FilterExpression: '#accountId = :accountId',
    })
  })
})
