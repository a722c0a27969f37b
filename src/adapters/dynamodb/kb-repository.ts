import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { CaseArticleExistsError, StaleArticleError } from '#src/domain/errors.ts'
import { Article, ArticleStatus } from '#src/domain/kb/article.ts'
import { productKey } from '#src/domain/kb/search-text.ts'
import { Locale } from '#src/domain/vocabulary.ts'
import type { ArticleCorpus, ArticleFilter, ArticleStore } from '#src/use-cases/ports/kb.ts'
import { cancellationCodes, putIfAbsent, saveVersioned, type TransactItem } from './conditions.ts'
import { stripKeys } from './items.ts'
import { type AccessPattern, allArticles, articleKeys, articlesInStatus, articlesOfLocale } from './keys.ts'
import { equalityFilter, keyConditionOf, type PagedQuery, pagedQuery, queryAllPages } from './paged-query.ts'

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

  /**
   * Where a list reads: the narrowest partition the filter names; and what it filters on: whatever
   * that partition's key does not already select.
   */
  function articleList(filter: ArticleFilter): Pick<PagedQuery, 'first' | 'filter'> {
    const product = filter.product ? productKey(filter.product) : undefined
    const [only, ...others] = filter.statuses
    const oneStatus = only && others.length === 0 ? only : undefined
    if (oneStatus && filter.locale) {
      return {
        first: articlesOfLocale(filter.locale, oneStatus),
        filter: equalityFilter({ productKey: product }),
      }
    }
    return {
      first: oneStatus ? articlesInStatus(oneStatus) : allArticles(),
      filter: equalityFilter({ locale: filter.locale, productKey: product }),
    }
  }

  async function findArticle(articleId: string): Promise<Article | undefined> {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: articleKeys.item(articleId), ConsistentRead: true }),
    )
    return result.Item ? Article.parse(stripKeys(result.Item)) : undefined
  }

  async function queryWholePartition(pattern: AccessPattern): Promise<Article[]> {
    const items = await queryAllPages(doc, { TableName: tableName, ...keyConditionOf(pattern) })
    return items.map((item) => Article.parse(stripKeys(item)))
  }

  return {
    async insertArticle(article) {
      const items: TransactItem[] = [
        { Put: putIfAbsent(tableName, articleItem(article)) },
        bumpRevision(article),
      ]
      if (article.sourceCaseId) {
        items.push({
          Put: putIfAbsent(tableName, {
            ...articleKeys.fromCase(article.sourceCaseId),
            entity: 'kbCaseArticle',
            articleId: article.id,
            createdAt: article.createdAt,
          }),
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
      await saveVersioned(doc, tableName, {
        item: articleItem(next),
        expectedVersion,
        alongside: [bumpRevision(next)],
        stale: () => new StaleArticleError(next.id),
      })
    },

    async listArticles(query) {
      const context = `kb-articles|${[...query.statuses].sort().join(',')}|${query.locale ?? ''}|${productKey(query.product ?? '')}`
      const page = await pagedQuery(doc, tableName, await cursorCodec(), {
        context,
        limit: query.limit,
        cursor: query.cursor,
        ...articleList(query),
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
        ArticleStatus.options.map((status) => articlesOfLocale(locale, status)),
      )
      return (await Promise.all(partitions.map(queryWholePartition))).flat()
    },
  }
}
