import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createArticleRepository } from '#src/adapters/dynamodb/kb-repository.ts'
import { articleKeys } from '#src/adapters/dynamodb/keys.ts'
import { CaseArticleExistsError, StaleArticleError } from '#src/domain/errors.ts'
import { now, rejectionOf } from '../fakes/core.ts'
import { mockedDocumentClient } from '../fakes/document-client.ts'
import { anArticle } from '../fakes/kb.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const repository = createArticleRepository(doc, tableName, async () => cursors)

function cancelled(codes: string[]): Error {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  })
}

const stored = (overrides = {}) => {
  const article = anArticle(overrides)
  return { ...articleKeys.item(article.id), ...articleKeys.indexes(article), entity: 'kbArticle', ...article }
}

beforeEach(() => {
  ddb.reset()
})

describe('article writes', () => {
  it('puts the article on its three index partitions and counts the revision up, in one transaction', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    await repository.insertArticle(
      anArticle({ id: 'a1', locale: 'de', status: 'draft', product: 'Caseline ERP' }),
    )

    // Assert
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items[0]?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: 'KBARTICLE#a1',
        gsi1pk: 'KBARTICLES',
        gsi1sk: `${now.toISOString()}#a1`,
        gsi2pk: 'KBARTICLES#de#draft',
        gsi3pk: 'KBARTICLES#draft',
        productKey: 'caseline erp',
      },
    })
    expect(items[1]?.Update).toMatchObject({
      Key: articleKeys.revision(),
      ExpressionAttributeValues: expect.objectContaining({ ':id': 'a1' }),
    })
    expect(items).toHaveLength(2)
  })

  it("claims the source case in the case's partition, and names the existing article when it was taken", async () => {
    // Arrange
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'None', 'ConditionalCheckFailed']))
    ddb.on(GetCommand, { Key: articleKeys.fromCase('c1') }).resolves({ Item: { articleId: 'earlier' } })

    // Act
    const refused = await rejectionOf(repository.insertArticle(anArticle({ id: 'a2', sourceCaseId: 'c1' })))

    // Assert
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items[2]?.Put?.Item).toMatchObject({ pk: 'CASE#c1', sk: 'KBARTICLE', articleId: 'a2' })
    expect(refused).toBeInstanceOf(CaseArticleExistsError)
    expect(refused).toMatchObject({ caseId: 'c1', articleId: 'earlier' })
  })

  it('saves a change only at the expected version', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']))

    const refused = await rejectionOf(repository.saveArticle(anArticle({ version: 3 }), 2))

    expect(refused).toBeInstanceOf(StaleArticleError)
    const put = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Put
    expect(put?.ExpressionAttributeValues).toEqual({ ':expected': 2 })
  })
})

describe('article reads', () => {
  it('parses an article without its storage attributes', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...stored({ id: 'a1' }), productKey: 'caseline erp' } })

    expect(await repository.findArticle('a1')).toEqual(anArticle({ id: 'a1' }))
  })

  it.each([
    [{ statuses: ['published'] as const, locale: 'de' as const }, 'gsi2', 'KBARTICLES#de#published'],
    [{ statuses: ['published'] as const }, 'gsi3', 'KBARTICLES#published'],
    [{ statuses: ['draft', 'published'] as const }, 'gsi1', 'KBARTICLES'],
  ])('lists %j from %s partition %s, newest first', async (filter, index, partition) => {
    ddb.on(QueryCommand).resolves({ Items: [stored()] })

    const page = await repository.listArticles({ ...filter, limit: 10 })

    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input
    expect(input).toMatchObject({
      IndexName: index,
      ExpressionAttributeValues: expect.objectContaining({ ':pk': partition }),
      ScanIndexForward: false,
    })
    expect(page.items).toEqual([anArticle()])
  })

  it('filters by the folded product, and by locale where the partition does not name it', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await repository.listArticles({
      statuses: ['published'],
      locale: 'en',
      product: 'CASELINE  erp',
      limit: 10,
    })
    await repository.listArticles({ statuses: ['draft', 'published'], locale: 'en', limit: 10 })

    const [byLocale, all] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)
    expect(byLocale?.FilterExpression).toBe('#productKey = :productKey')
    expect(byLocale?.ExpressionAttributeValues).toMatchObject({ ':productKey': 'caseline erp' })
    expect(all?.FilterExpression).toBe('#locale = :locale')
  })

  it('loads the corpus with one paged Query per locale and status partition, and never scans', async () => {
    // Arrange
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: { ':pk': string } }) => {
      const [, locale, status] = input.ExpressionAttributeValues[':pk'].split('#')
      return { Items: [stored({ id: `${locale}-${status}`, locale, status })] }
    })

    // Act
    const articles = await repository.loadArticles()

    // Assert
    expect(articles.map((a) => a.id).sort()).toEqual(['de-draft', 'de-published', 'en-draft', 'en-published'])
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.IndexName)).toEqual([
      'gsi2',
      'gsi2',
      'gsi2',
      'gsi2',
    ])
    expect(ddb.calls().every((call) => call.args[0].constructor.name === 'QueryCommand')).toBe(true)
  })

  it('reads the revision strongly consistent, 0 before the first article', async () => {
    ddb.on(GetCommand).resolves({})

    expect(await repository.readRevision()).toEqual({ revision: 0, lastArticleId: undefined })
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true)
  })
})
