import * as z from 'zod'
import { Article, ArticleStatus } from '#src/domain/kb/article.ts'
import { Locale } from '#src/domain/vocabulary.ts'
import type { ArticleContentField } from '#src/use-cases/kb/article-content.ts'
import type { CreateArticleInput } from '#src/use-cases/kb/create-article.ts'
import type { ListArticlesInput } from '#src/use-cases/kb/list-articles.ts'
import type { SuggestArticlesInput } from '#src/use-cases/kb/suggest-articles.ts'
import type { UpdateArticleInput } from '#src/use-cases/kb/update-article.ts'
import { resourceId } from './cases.ts'

const shortText = (max: number) => z.string().trim().min(1).max(max)

/** At most 50,000 characters: even in four-byte characters an article stays well inside a 400 KB item. */
const markdown = shortText(50_000)

/** Tags as the author wrote them, each once. */
const Tags = z
  .array(shortText(50))
  .max(20)
  .transform((tags) => [...new Set(tags)])

export const ArticleIdParams = z.object({ articleId: resourceId })

/** An article's content as creating and editing take it, one list for both (`articleContentFields`). */
const articleContent = {
  title: shortText(200),
  /** Markdown. */
  body: markdown,
  product: shortText(100),
  tags: Tags,
  locale: Locale,
  status: ArticleStatus,
} satisfies Record<ArticleContentField, z.ZodType>

/** `POST /v1/kb/articles`: a new article, a draft unless published at once. */
export const CreateArticleBody = z.strictObject({
  ...articleContent,
  tags: Tags.default([]),
  status: ArticleStatus.default('draft'),
}) satisfies z.ZodType<CreateArticleInput>
export type CreateArticleBody = z.infer<typeof CreateArticleBody>

/** `PATCH /v1/kb/articles/{articleId}`: only the fields to change; `status` publishes or withdraws. */
export const UpdateArticleBody = z
  .strictObject(articleContent)
  .partial()
  .superRefine((body, ctx) => {
    if (Object.values(body).every((value) => value === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' })
    }
  }) satisfies z.ZodType<UpdateArticleInput>
export type UpdateArticleBody = z.infer<typeof UpdateArticleBody>

/** `GET /v1/kb/articles`: ranked search with `q`, newest first without. */
export const ListArticlesQuery = z.strictObject({
  /** Words to search for; empty or absent lists the articles newest first. */
  q: z.string().trim().max(200).optional(),
  product: shortText(100).optional(),
  locale: Locale.optional(),
  /** Staff only: drafts or published articles (default: both). Customers always see published ones. */
  status: ArticleStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
}) satisfies z.ZodType<ListArticlesInput>
export type ListArticlesQuery = z.infer<typeof ListArticlesQuery>

/** `POST /v1/kb/suggest`: the case being written, as far as the customer got. */
export const SuggestArticlesBody = z.strictObject({
  title: shortText(200),
  description: z.string().trim().max(20_000).optional(),
  product: shortText(100).optional(),
  /** Only articles in this language (default: any). */
  locale: Locale.optional(),
  limit: z.int().min(1).max(10).default(5),
}) satisfies z.ZodType<SuggestArticlesInput>
export type SuggestArticlesBody = z.infer<typeof SuggestArticlesBody>

/** An article in a list or a search result: no body, a snippet of it (around the matched words). */
export const ArticleHit = Article.omit({ body: true }).extend({
  snippet: z.string().meta({ description: 'A short plain-text passage of the body, around the words found' }),
  score: z.number().optional().meta({
    description: 'Relevance of a search result (comparable within one answer only); absent in lists',
  }),
})

export const ArticleHitList = z.object({ items: z.array(ArticleHit), nextCursor: z.string().nullable() })

export const ArticleSuggestions = z.object({
  items: z.array(ArticleHit.required({ score: true })).meta({ description: 'Best match first' }),
})

export { Article }
