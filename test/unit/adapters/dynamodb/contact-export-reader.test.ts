import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createContactExportReader } from '#src/adapters/dynamodb/contact-export-reader.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'

const { ddb, doc, tableName } = mockedDocumentClient()
const reader = createContactExportReader(doc, tableName)

/** A person-index entry as the keys-only gsi6 answers it: the table key and the index key. */
const indexEntry = (n: number, kind = 'comment') => ({
  pk: `CASE#c${n}`,
  sk: `COMMENT#2026-11-0${(n % 9) + 1}#m${n}`,
  gsi6pk: 'PERSON#alice',
  gsi6sk: `2#${kind}#2026-11-0${(n % 9) + 1}T10:00:00.000Z#${n}`,
})
const itemOf = (key: { pk: string; sk: string }, n: number) => ({
  ...key,
  gsi6pk: 'PERSON#alice',
  entity: 'comment',
  id: `m${n}`,
  accountId: 'acme',
})

beforeEach(() => {
  ddb.reset()
})

describe('personItems', () => {
  it('reads a slice of the person index, keys only, and its items 100 keys per BatchGetItem', async () => {
    // Arrange: 150 entries, one of whose items was deleted since.
    const entries = Array.from({ length: 150 }, (_, n) => indexEntry(n))
    ddb.on(QueryCommand).resolves({ Items: entries, LastEvaluatedKey: entries[149] })
    ddb.on(BatchGetCommand).callsFake((input) => ({
      Responses: {
        [tableName]: input.RequestItems[tableName].Keys.flatMap((key: { pk: string; sk: string }) => {
          const n = Number(key.pk.slice('CASE#c'.length))
          return n === 7 ? [] : [itemOf(key, n)]
        }),
      },
    }))
    const after = { pk: 'CASE#c0', sk: 'X', gsi6pk: 'PERSON#alice', gsi6sk: '0#case#x' }

    // Act
    const slice = await reader.personItems('alice', after, 150)

    // Assert
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input
    expect(query).toMatchObject({
      IndexName: 'gsi6',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PERSON#alice' },
      ScanIndexForward: true,
      Limit: 150,
      ExclusiveStartKey: after,
    })
    const batches = ddb
      .commandCalls(BatchGetCommand)
      .map((call) => call.args[0].input.RequestItems?.[tableName]?.Keys)
    expect(batches.map((keys) => keys?.length)).toEqual([100, 50])
    expect(batches[0]?.[0]).toEqual({ pk: 'CASE#c0', sk: entries[0]?.sk })
    expect(slice.more).toBe(true)
    expect(slice.entries).toHaveLength(150)
    expect(slice.entries[1]).toEqual({
      item: { entity: 'comment', record: { id: 'm1', accountId: 'acme' } },
      position: entries[1],
    })
    expect(slice.entries[7]?.item).toBeUndefined()
    expect(slice.entries[7]?.position).toEqual(entries[7])
  })

  it('asks again for the keys DynamoDB left unprocessed, and says when the index has no more', async () => {
    // Arrange
    const entries = [indexEntry(1), indexEntry(2)]
    const first = itemOf(indexEntry(1), 1)
    const second = itemOf(indexEntry(2), 2)
    ddb.on(QueryCommand).resolves({ Items: entries })
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [tableName]: [first] },
        UnprocessedKeys: { [tableName]: { Keys: [{ pk: second.pk, sk: second.sk }] } },
      })
      .resolves({ Responses: { [tableName]: [second] } })

    // Act
    const slice = await reader.personItems('alice', undefined, 10)

    // Assert
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2)
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toBeUndefined()
    expect(slice.more).toBe(false)
    expect(slice.entries.map((entry) => entry.item?.record.id)).toEqual(['m1', 'm2'])
  })
})

describe('personCases', () => {
  it("reads the person's case and watcher entries only, and names each case and how it is theirs", async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: 'CASE#c1', sk: 'CASE', gsi6pk: 'PERSON#alice', gsi6sk: '0#case#2026-11-01T10:00:00.000Z' },
        {
          pk: 'CASE#c2',
          sk: 'WATCHER#alice',
          gsi6pk: 'PERSON#alice',
          gsi6sk: '1#watcher#2026-11-02T10:00:00.000Z',
        },
      ],
    })

    // Act
    const slice = await reader.personCases('alice', undefined, 8)

    // Assert
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi6',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': 'PERSON#alice', ':low': '0#case#', ':high': '1#watcher#~' },
      Limit: 8,
    })
    expect(slice.entries.map(({ caseId, kind }) => ({ caseId, kind }))).toEqual([
      { caseId: 'c1', kind: 'case' },
      { caseId: 'c2', kind: 'watcher' },
    ])
    expect(slice.more).toBe(false)
  })
})

describe('caseOwner and caseEventIds', () => {
  it("read only the case's tenant and contact, and only its events' ids", async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: { accountId: 'acme', contactId: 'alice' } })
    ddb.on(QueryCommand).resolves({ Items: [{ id: 'e1' }, { id: 'e2' }] })

    // Act
    const owner = await reader.caseOwner('c1')
    const eventIds = await reader.caseEventIds('c1')

    // Assert
    expect(owner).toEqual({ accountId: 'acme', contactId: 'alice' })
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'CASE#c1', sk: 'CASE' },
      ProjectionExpression: '#accountId, #contactId',
    })
    expect(eventIds).toEqual(['e1', 'e2'])
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':pk': 'CASE#c1', ':prefix': 'EVENT#' },
      ProjectionExpression: '#id',
    })
  })
})
