import type { Article } from '#src/domain/kb/article.ts'

/**
 * What an article's author writes: creating an article sets all of it, a `PATCH` the fields that
 * change (publishing and withdrawing are changes of `status`). One list for both, which the HTTP
 * schemas follow too (src/http/schemas/kb.ts; docs/kb.md).
 */
export const articleContentFields = ['title', 'body', 'product', 'tags', 'locale', 'status'] as const
export type ArticleContentField = (typeof articleContentFields)[number]
export type ArticleContent = Pick<Article, ArticleContentField>
