import { ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { type ArticleStatus, readableStatuses } from '#src/domain/kb/article.ts'
import type { Locale } from '#src/domain/vocabulary.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type {
  ArticleFilter,
  ArticleHit,
  ArticleSearch,
  ArticleStore,
  ArticleSummary,
} from '#src/use-cases/ports/kb.ts'
import { summaryOf } from './article-access.ts'

/** A search (with `q`) or a list (without) of the knowledge base, one page of it. */
export interface ListArticlesInput extends PageRequest {
  /** Words to search for; empty or absent lists the articles newest first. */
  q?: string | undefined
  product?: string | undefined
  locale?: Locale | undefined
  /** Staff only: drafts or published articles (default: both). */
  status?: ArticleStatus | undefined
}

/** One entry of `GET /v1/kb/articles`: a search result carries its score, a plain list entry none. */
export type ArticleListEntry = ArticleSummary & { score?: number }

/**
 * Searches or lists the knowledge base.
 * 1. Customers see published articles only; asking for drafts is refused. Staff see both, or the
 *    status they name.
 * 2. With `q`: the ranked search, best first. Without: the articles newest first.
 */
export async function listArticles(
  query: ListArticlesInput,
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
