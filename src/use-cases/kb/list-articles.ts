import { ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { readableStatuses } from '#src/domain/kb/article.ts'
import type { ListArticlesQuery } from '#src/http/schemas/kb.ts'
import type { Paged } from '#src/use-cases/ports/common.ts'
import type {
  ArticleFilter,
  ArticleHit,
  ArticleSearch,
  ArticleStore,
  ArticleSummary,
} from '#src/use-cases/ports/kb.ts'
import { summaryOf } from './article-access.ts'

/** One entry of `GET /v1/kb/articles`: a search result carries its score, a plain list entry none. */
export type ArticleListEntry = ArticleSummary & { score?: number }

/**
 * Searches or lists the knowledge base.
 * 1. Customers see published articles only; asking for drafts is refused. Staff see both, or the
 *    status they name.
 * 2. With `q`: the ranked search, best first. Without: the articles newest first.
 */
export async function listArticles(
  query: ListArticlesQuery,
  caller: Caller,
  deps: { articles: ArticleStore; articleSearch: ArticleSearch },
): Promise<Paged<ArticleListEntry>> {
  if (caller.kind === 'customer' && query.status === 'draft') {
    throw new ForbiddenError('Only support staff see draft articles.')
  }
  const filter: ArticleFilter = {
    statuses: query.status ? [query.status] : readableStatuses(caller),
    locale: query.locale,
    product: query.product,
  }
  const page = { limit: query.limit, cursor: query.cursor }
  if (query.q) {
    const found = await deps.articleSearch.search({ ...filter, text: query.q }, page)
    return { items: found.items.map(entryOf), nextCursor: found.nextCursor }
  }
  const listed = await deps.articles.listArticles({ ...filter, ...page })
  return { items: listed.items.map(summaryOf), nextCursor: listed.nextCursor }
}

function entryOf(hit: ArticleHit): ArticleListEntry {
  return { ...hit.article, score: hit.score }
}
