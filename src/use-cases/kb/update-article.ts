import { NotFoundError, PreconditionFailedError, StaleArticleError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Article } from '#src/domain/kb/article.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { ArticleStore } from '#src/use-cases/ports/kb.ts'
import { requireStaff } from './article-access.ts'
import { type ArticleContent, articleContentFields } from './article-content.ts'

/** A `PATCH` of an article: only the content to change. */
export type UpdateArticleInput = Partial<ArticleContent>

function stale(article: Article, currentVersion?: number): PreconditionFailedError {
  const version = currentVersion === undefined ? '' : ` (it is at version ${currentVersion})`
  return new PreconditionFailedError(
    `Article ${article.id} has changed since you read it${version}. Read it again and re-apply your change.`,
  )
}

/**
 * Edits an article (`PATCH`), guarded by the version the client read (`If-Match`); publishing and
 * withdrawing are edits of `status`.
 * 1. Only staff edit articles.
 * 2. Read it; a version other than `ifMatch` (`any`: `If-Match: *`) → 412.
 * 3. Apply the fields that change; nothing changes → the article as it is, same version.
 * 4. Save the next version (first publication stamps `publishedAt`), conditional on the version
 *    still being `ifMatch`; the write counts the revision up, so searches see it at once.
 */
export async function updateArticle(
  articleId: string,
  ifMatch: number | 'any',
  input: UpdateArticleInput,
  caller: Caller,
  deps: { articles: ArticleStore; clock: Clock },
): Promise<Article> {
  requireStaff(caller, 'edit knowledge-base articles')
  const current = await deps.articles.findArticle(articleId)
  if (!current) throw new NotFoundError(`There is no article ${articleId}.`)
  if (ifMatch !== 'any' && current.version !== ifMatch) throw stale(current, current.version)

  const changed = articleContentFields.filter(
    (field) => input[field] !== undefined && JSON.stringify(input[field]) !== JSON.stringify(current[field]),
  )
  if (changed.length === 0) return current
  const at = deps.clock.now().toISOString()
  const next: Article = {
    ...current,
    ...Object.fromEntries(changed.map((field) => [field, input[field]])),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: caller.userId,
  }
  if (next.status === 'published' && !next.publishedAt) next.publishedAt = at
  try {
    // `If-Match: *` takes the version read: a change that lands in between still fails the write.
    await deps.articles.saveArticle(next, current.version)
  } catch (error) {
    if (error instanceof StaleArticleError) throw stale(current)
    throw error
  }
  return next
}
