import { randomUUID } from 'node:crypto'
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { caseKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Case, CaseView } from '#src/domain/case.ts'
import { inBatches, syntheticCaseItems } from '../../bench/scale-cases.ts'
import { type Page, useLocalApi } from './local-api.ts'

const api = useLocalApi()

describe('the bench’s scale seed (bench/scale-cases.ts) through the local server', () => {
  it('tags every n-th synthetic case so that the tag list pages through exactly those, newest first', async () => {
    // Arrange: a real case as the template, 60 copies, every 4th tagged (15), written as the bench does
    const alice = await api.tokenFor('alice@acme.example')
    const sam = await api.tokenFor('sam@vendor.example')
    const filed = await api.request<CaseView>('POST', '/v1/cases', {
      token: alice,
      body: { title: 'Template', description: 'For the scale seed.', product: 'Caseline ERP' },
      headers: { 'idempotency-key': randomUUID() },
    })
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: api.runtime.dynamodbEndpoint })
    const tableName = api.runtime.tableName
    const stored = (
      await doc.send(new GetCommand({ TableName: tableName, Key: caseKeys.item(filed.body.id) }))
    ).Item as Record<string, unknown>
    const template = Object.fromEntries(
      Object.entries(stored).filter(([name]) => !/^(pk|sk|gsi\d(pk|sk)|entity)$/.test(name)),
    ) as Case
    const tag = `scale-${randomUUID().slice(0, 8)}`
    const items = Array.from({ length: 60 }, (_, i) =>
      syntheticCaseItems({ template, tag, taggedEvery: 4 }, i),
    ).flat()
    for (const batch of inBatches(items)) {
      await doc.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) },
        }),
      )
    }
    const taggedIds = items.filter((item) => item.entity === 'caseLabel').map((item) => item.caseId)

    // Act: the bench's request, page by page
    const listed: CaseView[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: Page<CaseView> } = await api.request<Page<CaseView>>(
        'GET',
        `/v1/cases?limit=10&tag=${tag}&accountId=acme${cursor ? `&cursor=${cursor}` : ''}`,
        { token: sam },
      )
      expect(page.status).toBe(200)
      listed.push(...page.body.items)
      cursor = page.body.nextCursor
    } while (cursor)

    // Assert
    expect(items.length).toBe(60 + 15)
    expect(listed.map((c) => c.id)).toEqual(taggedIds)
    expect(listed.every((c) => c.tags?.[0] === tag)).toBe(true)
  })
})
