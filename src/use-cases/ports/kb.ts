// Ports of the knowledge base: the articles, their ranked search and the corpus an index loads.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { Article, ArticleStatus } from '#src/domain/kb/article.ts'
import type { Locale } from '#src/domain/vocabulary.ts'
import type { Paged, PageRequest } from './common.ts'

/** Which articles a list or a search may show. A customer's query always names `published` alone. */
export interface ArticleFilter {
  statuses: readonly ArticleStatus[]
  locale?: Locale | undefined
  /** One product, compared folded (`Caseline ERP` = `caseline erp`). */
  product?: string | undefined
}

/** Knowledge-base articles in the table. */
export interface ArticleStore {
  /** Writes a new article; one with a `sourceCaseId` claims its case, else CaseArticleExistsError. */
  insertArticle(article: Article): Promise<void>
  findArticle(articleId: string): Promise<Article | undefined>
  /** Saves a change; throws StaleArticleError unless the stored article is still at `expectedVersion`. */
  saveArticle(next: Article, expectedVersion: number): Promise<void>
  /** Articles newest first. */
  listArticles(query: ArticleFilter & PageRequest): Promise<Paged<Article>>
}

/** An article as a list or a search shows it: no body, a short snippet of it instead. */
export type ArticleSummary = Omit<Article, 'body'> & { snippet: string }

/** One ranked search result. `score` is relative: comparable within one answer only. */
export interface ArticleHit {
  article: ArticleSummary
  score: number
}

/** A case being written, as the search-before-you-submit step sends it. */
export interface CaseDraftText {
  title: string
  description?: string | undefined
  product?: string | undefined
}

/** Ranked full-text search over the knowledge base. */
export interface ArticleSearch {
  /** Articles matching `text`, best first: those with all its words if any, else those with some. */
  search(query: ArticleFilter & { text: string }, page: PageRequest): Promise<Paged<ArticleHit>>
  /** The best few articles for a case draft: its title weighs more than its description; its product boosts. */
  suggest(draft: CaseDraftText, filter: ArticleFilter, limit: number): Promise<ArticleHit[]>
}

/** The knowledge base's revision: counted up by every article write, together with the article it wrote. */
export interface ArticleRevision {
  revision: number
  lastArticleId?: string | undefined
}

/** What an in-process search index is loaded from and kept fresh with. */
export interface ArticleCorpus {
  /** Strongly consistent: a write acknowledged to anyone is counted here. */
  readRevision(): Promise<ArticleRevision>
  /** Every article, all statuses and locales (a Query per locale and status partition). */
  loadArticles(): Promise<Article[]>
  findArticle(articleId: string): Promise<Article | undefined>
}
