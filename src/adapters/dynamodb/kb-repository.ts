import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb'
import { CaseArticleExistsError, StaleArticleError } from '#src/domain/errors.ts'
import { Article, ArticleStatus } from '#src/domain/kb/article.ts'
import { productKey } from '#src/domain/kb/search-text.ts'
import { Locale } from '#src/domain/vocabulary.ts'
import type { ArticleCorpus, ArticleFilter, ArticleStore } from '#src/use-cases/ports/kb.ts'
import type { CursorCodec } from '../cursor.ts'
import { cancellationCodes } from './conditions.ts'
import { stripKeys } from './items.ts'
import {
  allArticlesPartition,
  articleKeys,
  articlesInStatusPartition,
  articlesOfLocalePartition,
} from './keys.ts'
import { type PagedQuery, pagedQuery, type Segment } from './paged-query.ts'

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

/** The table's side of the knowledge base: the store the use cases write, and the corpus the search loads. */
export type ArticleRepository = ArticleStore & ArticleCorpus

function articleItem(article: Article): Record<string, unknown> {
  return {
    ...articleKeys.item(article.id),
    ...articleKeys.indexes(article),
    entity: 'kbArticle',
    // Folded once on write, so a product filter is an equality in the key condition's filter.
    productKey: productKey(article.product),
    ...article,
  }
}

/**
 * Knowledge-base articles in DynamoDB (docs/data-model.md): the article items, their sparse index
 * partitions, the revision item every write counts up, and the claim a case's article leaves in
 * the case's partition.
 */
export function createArticleRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first list request only. */
  cursorCodec: () => Promise<CursorCodec>,
): ArticleRepository {
  /** Counts the revision up and names the article written, in the write's own transaction. */
  function bumpRevision(article: Article): TransactItem {
    return {
      Update: {
        TableName: tableName,
        Key: articleKeys.revision(),
        UpdateExpression:
          'SET #revision = if_not_exists(#revision, :zero) + :one, #lastArticleId = :id, #changedAt = :at, #entity = :entity',
        ExpressionAttributeNames: {
          '#revision': 'revision',
          '#lastArticleId': 'lastArticleId',
          '#changedAt': 'changedAt',
          '#entity': 'entity',
        },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':id': article.id,
          ':at': article.updatedAt,
          ':entity': 'kbRevision',
        },
      },
    }
  }

  /** Where a list starts: the narrowest partition the filter names. */
  function firstSegment(filter: ArticleFilter): Segment {
    const [only, ...others] = filter.statuses
    if (only && others.length === 0) {
      return filter.locale
        ? { index: 'gsi2', partition: articlesOfLocalePartition(filter.locale, only) }
        : { index: 'gsi3', partition: articlesInStatusPartition(only) }
    }
    return { index: 'gsi1', partition: allArticlesPartition }
  }

  function listFilter(filter: ArticleFilter, first: Segment): PagedQuery['filter'] {
    const conditions: string[] = []
    const names: Record<string, string> = {}
    const values: Record<string, unknown> = {}
    if (filter.locale && first.index !== 'gsi2') {
      conditions.push('#locale = :locale')
      names['#locale'] = 'locale'
      values[':locale'] = filter.locale
    }
    if (filter.product) {
      conditions.push('#productKey = :productKey')
      names['#productKey'] = 'productKey'
      values[':productKey'] = productKey(filter.product)
    }
    return conditions.length ? { expression: conditions.join(' AND '), names, values } : undefined
  }

  async function findArticle(articleId: string): Promise<Article | undefined> {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: articleKeys.item(articleId), ConsistentRead: true }),
    )
    return result.Item ? Article.parse(stripKeys(result.Item)) : undefined
  }

  async function queryWholePartition(partition: string): Promise<Article[]> {
    const articles: Article[] = []
    let startKey: Record<string, unknown> | undefined
    do {
      const result = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'gsi2pk' },
          ExpressionAttributeValues: { ':pk': partition },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      )
      for (const item of result.Items ?? []) articles.push(Article.parse(stripKeys(item)))
      startKey = result.LastEvaluatedKey
    } while (startKey)
    return articles
  }

  return {
    async insertArticle(article) {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: articleItem(article),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        bumpRevision(article),
      ]
      if (article.sourceCaseId) {
        items.push({
          Put: {
            TableName: tableName,
            Item: {
              ...articleKeys.fromCase(article.sourceCaseId),
              entity: 'kbCaseArticle',
              articleId: article.id,
              createdAt: article.createdAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })
      }
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }))
      } catch (error) {
        const caseId = article.sourceCaseId
        if (caseId && cancellationCodes(error)[2] === 'ConditionalCheckFailed') {
          const claim = await doc.send(
            new GetCommand({ TableName: tableName, Key: articleKeys.fromCase(caseId), ConsistentRead: true }),
          )
          throw new CaseArticleExistsError(caseId, claim.Item?.articleId as string | undefined)
        }
        throw error
      }
    },

    findArticle,

    async saveArticle(next, expectedVersion) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: articleItem(next),
                  // Optimistic concurrency, as for cases: the write holds only if nobody changed it since it was read.
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                },
              },
              bumpRevision(next),
            ],
          }),
        )
      } catch (error) {
        if (cancellationCodes(error)[0] === 'ConditionalCheckFailed') throw new StaleArticleError(next.id)
        throw error
      }
    },

    async listArticles(query) {
      const first = firstSegment(query)
      const context = `kb-articles|${[...query.statuses].sort().join(',')}|${query.locale ?? ''}|${productKey(query.product ?? '')}`
      const page = await pagedQuery(doc, tableName, await cursorCodec(), {
        context,
        limit: query.limit,
        cursor: query.cursor,
        first,
        filter: listFilter(query, first),
      })
      return {
        items: page.items.map((item) => Article.parse(stripKeys(item))),
        nextCursor: page.nextCursor,
      }
    },

    async readRevision() {
      const result = await doc.send(
        new GetCommand({ TableName: tableName, Key: articleKeys.revision(), ConsistentRead: true }),
      )
      return {
        revision: Number(result.Item?.revision ?? 0),
        lastArticleId: result.Item?.lastArticleId as string | undefined,
      }
    },

    async loadArticles() {
      // One Query per locale and status partition, side by side: the load takes as long as the largest one.
      const partitions = Locale.options.flatMap((locale) =>
        ArticleStatus.options.map((status) => articlesOfLocalePartition(locale, status)),
      )
      return (await Promise.all(partitions.map(queryWholePartition))).flat()
    },
  }
}
