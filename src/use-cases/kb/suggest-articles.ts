import type { Locale } from '#src/domain/vocabulary.ts'
import type { ArticleSearch, ArticleSummary, CaseDraftText } from '#src/use-cases/ports/kb.ts'

/** The case being written, as far as the customer got, and how many suggestions to answer. */
export interface SuggestArticlesInput extends CaseDraftText {
  /** Only articles in this language (default: any). */
  locale?: Locale | undefined
  limit: number
}

/**
 * Suggests published articles for a case being written (search before you submit).
 * 1. Published articles only, for every caller: a suggestion is what the customer may read.
 * 2. Rank by the draft's title and description; articles about its product first among equals.
 */
export async function suggestArticles(
  input: SuggestArticlesInput,
  deps: { articleSearch: ArticleSearch },
): Promise<(ArticleSummary & { score: number })[]> {
  const hits = await deps.articleSearch.suggest(
    { title: input.title, description: input.description, product: input.product },
    { statuses: ['published'], locale: input.locale },
    input.limit,
  )
  return hits.map((hit) => ({ ...hit.article, score: hit.score }))
}
