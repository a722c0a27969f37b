import { NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { type Article, isReadableBy } from '#src/domain/kb/article.ts'
import type { ArticleStore } from '#src/use-cases/ports/kb.ts'

/**
 * Reads one article.
 * 1. Look it up.
 * 2. Absent, or a draft asked for by a customer: 404, the same answer either way, so a customer
 *    learns nothing of unpublished work.
 */
export async function getArticle(
  articleId: string,
  caller: Caller,
  deps: { articles: ArticleStore },
): Promise<Article> {
  const found = await deps.articles.findArticle(articleId)
  if (!found || !isReadableBy(found, caller)) throw new NotFoundError(`There is no article ${articleId}.`)
  return found
}
