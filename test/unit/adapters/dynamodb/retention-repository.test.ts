import { BatchWriteCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createRetentionRepository } from '#src/adapters/dynamodb/retention-repository.ts'
import type { PurgeCandidate } from '#src/use-cases/ports/retention.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'

const { ddb, doc, tableName } = mockedDocumentClient()
const repository = createRetentionRepository(doc, tableName)

const candidate: PurgeCandidate = {
  caseId: 'case-1',
  accountId: 'acme',
  number: 'CS-1042',
  severity: 'standard',
  status: 'closed',
  createdAt: '2031-01-01T09:00:00.000Z',
  closedAt: '2031-01-05T09:00:00.000Z',
}

/** The case's partition as the table holds it: one item of every kind that lives there. */
const partition = [
  { pk: 'CASE#case-1', sk: 'CASE' },
  { pk: 'CASE#case-1', sk: 'COMMENT#2031-01-02T10:00:00.000Z#c1' },
  { pk: 'CASE#case-1', sk: 'EVENT#2031-01-01T09:00:00.000Z#00#e1' },
  { pk: 'CASE#case-1', sk: 'KBARTICLE' },
  { pk: 'CASE#case-1', sk: 'LINK#l1', linkedCaseId: 'case-7' },
  { pk: 'CASE#case-1', sk: 'SURVEY' },
  { pk: 'CASE#case-1', sk: 'TREE#FILE#f1' },
  { pk: 'CASE#case-1', sk: 'TREE#FOLDER#d1' },
  { pk: 'CASE#case-1', sk: 'WATCHER#u1' },
]
const ledger = [
  { pk: 'MAILTHREAD#m1@eu-central-1.amazonses.com', sk: 'MAILTHREAD' },
  { pk: 'NOTIFICATION#n1', sk: 'NOTIFICATION' },
]

const deletedKeys = () =>
  ddb
    .commandCalls(BatchWriteCommand)
    .flatMap((call) => call.args[0].input.RequestItems?.[tableName] ?? [])
    .map((request) => request.DeleteRequest?.Key)

beforeEach(() => {
  ddb.reset()
})

describe('createRetentionRepository', () => {
  it('lists only the accounts with the setting, from the ACCOUNTS partition (no Scan)', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [{ id: 'acme', retainClosedCasesDays: 30 }] })

    // Act
    const accounts = await repository.listRetentionAccounts()

    // Assert
    expect(accounts).toEqual([{ accountId: 'acme', retainClosedCasesDays: 30 }])
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi2',
      ExpressionAttributeValues: { ':pk': 'ACCOUNTS' },
      FilterExpression: 'attribute_exists(retainClosedCasesDays)',
    })
  })

  it("reads an account's timeline oldest first, only up to the cutoff, page by page", async () => {
    // Arrange
    const item = {
      id: 'case-1',
      accountId: 'acme',
      number: 'CS-1042',
      severity: 'low',
      status: 'open',
      createdAt: '2031-01-01T09:00:00.000Z',
    }
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item], LastEvaluatedKey: { pk: 'CASE#case-1' } })
      .resolvesOnce({ Items: [{ ...item, id: 'case-2' }] })

    // Act
    const pages = []
    for await (const page of repository.casesCreatedBefore('acme', new Date('2031-02-01T00:00:00.000Z')))
      pages.push(page.map((c) => c.caseId))

    // Assert
    expect(pages).toEqual([['case-1'], ['case-2']])
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      ScanIndexForward: true,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':pk': 'ACCOUNT#acme',
        ':low': 'CASE#',
        ':high': 'CASE#2031-02-01T00:00:00.000Z',
      },
    })
  })

  it("deletes every item of the case's partition but the case item, its links' twins and its mail records", async () => {
    // Arrange
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: ledger })
    ddb.on(QueryCommand, { ConsistentRead: true }).resolves({ Items: partition })
    ddb.on(BatchWriteCommand).resolves({})

    // Act
    const purged = await repository.deleteCaseContents(candidate)

    // Assert
    expect(purged).toEqual({ caseItems: 8, linkTwins: 1, mailLedger: 2 })
    expect(deletedKeys()).toEqual([
      { pk: 'CASE#case-7', sk: 'LINK#l1' },
      ...ledger,
      ...partition.filter((i) => i.sk !== 'CASE').map(({ pk, sk }) => ({ pk, sk })),
    ])
    expect(
      ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':pk']),
    ).toEqual(['CASE#case-1', 'CASEMAIL#case-1'])
  })

  it('deletes in batches of 25 and retries what DynamoDB leaves unprocessed', async () => {
    // Arrange
    const many = Array.from({ length: 30 }, (_, i) => ({
      pk: 'CASE#case-1',
      sk: `EVENT#${String(i).padStart(2, '0')}`,
    }))
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [] })
    ddb.on(QueryCommand, { ConsistentRead: true }).resolves({ Items: many })
    const unprocessed = { DeleteRequest: { Key: many[3] } }
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [tableName]: [unprocessed] } })
      .resolves({})

    // Act
    await repository.deleteCaseContents(candidate)

    // Assert
    const sizes = ddb
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems?.[tableName]?.length)
    expect(sizes).toEqual([25, 1, 5])
    expect(new Set(deletedKeys().map((k) => k?.sk)).size).toBe(30)
  })

  it('deletes what staff added meanwhile, then the number claim, then the case item, last', async () => {
    // Arrange
    const late = { pk: 'CASE#case-1', sk: 'COMMENT#2031-02-01T00:00:00.000Z#c9' }
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'CASE#case-1', sk: 'CASE' }, late] })
    ddb.on(BatchWriteCommand).resolves({})
    ddb.on(DeleteCommand).resolves({})

    // Act
    await repository.deleteCase(candidate)

    // Assert
    expect(deletedKeys()).toEqual([late])
    expect(ddb.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toEqual([
      { pk: 'CASENUMBER#CS-1042', sk: 'CASENUMBER' },
      { pk: 'CASE#case-1', sk: 'CASE' },
    ])
  })
})
