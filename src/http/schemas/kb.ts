import { Article, ArticleStatus } from '#src/domain/kb/article.ts'
import { Locale } from '#src/domain/vocabulary.ts'
import type { ArticleContentField } from '#src/use-cases/kb/article-content.ts'
import type { CreateArticleInput } from '#src/use-cases/kb/create-article.ts'
import type { ListArticlesInput } from '#src/use-cases/kb/list-articles.ts'
import type { SuggestArticlesInput } from '#src/use-cases/kb/suggest-articles.ts'
import type { UpdateArticleInput } from '#src/use-cases/kb/update-article.ts'
import * as z from '#src/zod.ts'
import { idOf, pageCursor, pageLimit, shortText } from './common.ts'

/** At most 50,000 characters: even in four-byte characters an article stays well inside a 400 KB item. */
const markdown = shortText(50_000)

/** Tags as the author wrote them, each once. */
const Tags = z.pipe(
  z.array(shortText(50)).check(z.maxLength(20)),
  z.transform((tags: string[]) => [...new Set(tags)]),
)

export const ArticleIdParams = z.object({
  articleId: idOf('The article (customers: published ones only; a draft is 404)'),
})

/** An article's content as creating and editing take it, one list for both (`articleContentFields`). */
const articleContent = {
  title: shortText(200),
  /** Markdown. */
  body: markdown,
  product: shortText(100),
  tags: Tags,
  locale: Locale,
  status: ArticleStatus,
} satisfies Record<ArticleContentField, z.core.$ZodType>

/** `POST /v1/kb/articles`: a new article, a draft unless published at once. */
export const CreateArticleBody = z.strictObject({
  ...articleContent,
  tags: z._default(Tags, []),
  status: z._default(ArticleStatus, 'draft'),
}) satisfies z.core.$ZodType<CreateArticleInput>
export type CreateArticleBody = z.infer<typeof CreateArticleBody>

/** `PATCH /v1/kb/articles/{articleId}`: only the fields to change; `status` publishes or withdraws. */
export const UpdateArticleBody = z.partial(z.strictObject(articleContent)).check(
  z.superRefine((body, ctx) => {
    if (Object.values(body).every((value) => value === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' })
    }
  }),
) satisfies z.core.$ZodType<UpdateArticleInput>
export type UpdateArticleBody = z.infer<typeof UpdateArticleBody>

/** `GET /v1/kb/articles`: ranked search with `q`, newest first without. */
export const ListArticlesQuery = z.strictObject({
  q: z.optional(z.string().check(z.trim(), z.maxLength(200))).register(z.globalRegistry, {
    description: 'Words to search for, ranked by relevance; empty or absent lists the articles newest first',
  }),
  product: z
    .optional(shortText(100))
    .register(z.globalRegistry, { description: 'Only the articles about this product' }),
  locale: z
    .optional(Locale)
    .register(z.globalRegistry, { description: 'Only the articles in this language' }),
  status: z.optional(ArticleStatus).register(z.globalRegistry, {
    description:
      'Staff only: drafts or published articles (default: both). Customers always see published ones only',
  }),
  limit: pageLimit(),
  cursor: pageCursor(),
}) satisfies z.core.$ZodType<ListArticlesInput>
export type ListArticlesQuery = z.infer<typeof ListArticlesQuery>

/** `POST /v1/kb/suggest`: the case being written, as far as the customer got. */
export const SuggestArticlesBody = z.strictObject({
  title: shortText(200),
  description: z.optional(z.string().check(z.trim(), z.maxLength(20_000))),
  product: z.optional(shortText(100)),
  /** Only articles in this language (default: any). */
  locale: z.optional(Locale),
  limit: z._default(z.int().check(z.minimum(1), z.maximum(10)), 5),
}) satisfies z.core.$ZodType<SuggestArticlesInput>
export type SuggestArticlesBody = z.infer<typeof SuggestArticlesBody>

/** An article in a list or a search result: no body, a snippet of it (around the matched words). */
export const ArticleHit = z.extend(z.omit(Article, { body: true }), {
  snippet: z.string().register(z.globalRegistry, {
    description: 'A short plain-text passage of the body, around the words found',
  }),
  score: z.optional(z.number()).register(z.globalRegistry, {
    description: 'Relevance of a search result (comparable within one answer only); absent in lists',
  }),
})

export const ArticleHitList = z.object({ items: z.array(ArticleHit), nextCursor: z.nullable(z.string()) })

export const ArticleSuggestions = z.object({
  items: z
    .array(z.required(ArticleHit, { score: true }))
    .register(z.globalRegistry, { description: 'Best match first' }),
})

export { Article }
