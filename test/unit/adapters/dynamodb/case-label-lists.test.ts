import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { caseLabelItems } from '#src/adapters/dynamodb/case-label-items.ts'
import { createCaseLabelLists } from '#src/adapters/dynamodb/case-label-lists.ts'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import { caseKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { CaseListQuery } from '#src/use-cases/ports/cases.ts'
import { aCase, now } from '../../fakes/core.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const repository = createCaseRepository(
  doc,
  tableName,
  async () => cursors,
  createCaseLabelLists(doc, tableName),
)

const stored = (c: Case) => ({ ...caseKeys.item(c.id), ...caseKeys.indexes(c), entity: 'case', ...c })
const tagged = (id: string, minutesAgo: number) =>
  aCase({
    id,
    accountId: 'acme',
    labels: ['tag:vip'],
    createdAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
  })
const query = (overrides: Partial<CaseListQuery> = {}): CaseListQuery => ({
  scope: { kind: 'all' },
  label: 'tag:vip',
  limit: 2,
  now,
  ...overrides,
})

beforeEach(() => {
  ddb.reset()
})

describe('listCases with a label', () => {
  it.each([
    [
      'every account (staff)',
      { kind: 'all' } as const,
      { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': 'LABEL#tag:vip' } },
    ],
    [
      'one account',
      { kind: 'account', accountId: 'acme' } as const,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ACCOUNT#acme#LABEL#tag:vip' },
      },
    ],
  ])('reads the label’s partition of %s, newest first, no Scan', async (_, scope, expected) => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listCases(query({ scope }))

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ...expected,
      ScanIndexForward: false,
      Limit: 3,
    })
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0)
  })

  it('filters status, severity and assignee on the label items', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listCases(query({ status: 'open', severity: 'urgent', assigneeId: 'sam' }))

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi2',
      FilterExpression: '#status = :status AND #severity = :severity AND #assigneeId = :assigneeId',
      ExpressionAttributeValues: { ':status': 'open', ':severity': 'urgent', ':assigneeId': 'sam' },
    })
  })

  it('reads the page’s cases with one BatchGetItem and answers them in the label’s order, skipping a vanished one', async () => {
    // Arrange
    const [a, b, gone] = [tagged('a', 1), tagged('b', 2), tagged('gone', 3)]
    ddb.on(QueryCommand).resolves({ Items: [a, gone, b].flatMap(caseLabelItems) })
    ddb.on(BatchGetCommand).resolves({ Responses: { [tableName]: [stored(b), stored(a)] } })

    // Act
    const page = await repository.listCases(query({ limit: 5 }))

    // Assert
    expect(page.cases.map((c) => c.id)).toEqual(['a', 'b'])
    expect(page.cases[0]).not.toHaveProperty('pk')
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.[tableName]?.Keys).toEqual([
      caseKeys.item('a'),
      caseKeys.item('gone'),
      caseKeys.item('b'),
    ])
  })

  it('signs the cursor with the label: replayed with another label it is refused', async () => {
    // Arrange
    const items = [tagged('a', 1), tagged('b', 2), tagged('c', 3)].flatMap(caseLabelItems)
    ddb.on(QueryCommand).resolves({ Items: items })
    ddb.on(BatchGetCommand).resolves({ Responses: { [tableName]: [] } })
    const { nextCursor } = await repository.listCases(query())

    // Act
    const replay = repository.listCases(query({ label: 'tag:other', cursor: nextCursor ?? undefined }))
    await repository.listCases(query({ cursor: nextCursor ?? undefined }))

    // Assert
    await expect(replay).rejects.toThrow(ValidationError)
    expect(ddb.commandCalls(QueryCommand).at(-1)?.args[0].input.ExclusiveStartKey).toMatchObject({
      pk: 'CASE#b',
      sk: 'LABEL#tag:vip',
      gsi2pk: 'LABEL#tag:vip',
    })
  })

  it('is refused by a repository built without the label lists', async () => {
    const plain = createCaseRepository(doc, tableName, async () => cursors)

    await expect(plain.listCases(query())).rejects.toThrow(/no label lists/)
  })
})

describe('listQueueCases with a label', () => {
  it('reads the queue’s label partition of gsi4 in the queue’s order', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listQueueCases('support', { limit: 5, label: 'tag:vip' })

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi4',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeValues: { ':pk': 'QUEUE#support#LABEL#tag:vip' },
      ScanIndexForward: true,
    })
  })
})

describe('label items in the case’s transactions', () => {
  const event: CaseEvent = {
    id: 'e1',
    caseId: 'a',
    accountId: 'acme',
    type: 'case.updated',
    action: 'update',
    actor: { userId: 'sam', role: 'agent' },
    at: now.toISOString(),
    visibility: 'public',
    changes: [],
  }

  it('a new case puts its label items beside the case', async () => {
    ddb.on(TransactWriteCommand).resolves({})

    await repository.insertCase(tagged('a', 0), event)

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual([
      'CASE',
      'CASENUMBER',
      expect.any(String),
      'LABEL#tag:vip',
    ])
  })

  it('a change moves the label items from the previous case in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({})
    const before = tagged('a', 0)
    const after = { ...before, labels: ['tag:new'], version: before.version + 1 }

    await repository.saveCaseChange({ next: after, expectedVersion: before.version, events: [event] }, before)

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(
      items
        .slice(2)
        .map((item) => (item.Put ? ['Put', item.Put.Item?.sk] : ['Delete', item.Delete?.Key?.sk])),
    ).toEqual([
      ['Put', 'LABEL#tag:new'],
      ['Delete', 'LABEL#tag:vip'],
    ])
  })
})
