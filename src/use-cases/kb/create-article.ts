import type { Caller } from '#src/domain/identity.ts'
import type { Article } from '#src/domain/kb/article.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { ArticleStore } from '#src/use-cases/ports/kb.ts'
import { requireStaff } from './article-access.ts'
import type { ArticleContent } from './article-content.ts'

/** A new article: all of its content (a draft unless `status` publishes it at once). */
export type CreateArticleInput = ArticleContent

export interface CreateArticleDeps {
  articles: ArticleStore
  clock: Clock
  ids: IdGenerator
}

/**
 * Writes a new knowledge-base article.
 * 1. Only staff write articles.
 * 2. Version 1, a draft unless published at once (then it is published from now on).
 * 3. Save it; the write counts the knowledge base's revision up, so the next search finds it.
 */
export async function createArticle(
  input: CreateArticleInput,
  caller: Caller,
  deps: CreateArticleDeps,
): Promise<Article> {
  requireStaff(caller, 'write knowledge-base articles')
  const at = deps.clock.now().toISOString()
  const article: Article = {
    id: deps.ids.newId(),
    title: input.title,
    body: input.body,
    product: input.product,
    tags: input.tags,
    locale: input.locale,
    status: input.status,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: caller.userId,
    updatedBy: caller.userId,
    ...(input.status === 'published' ? { publishedAt: at } : {}),
  }
  await deps.articles.insertArticle(article)
  return article
}
