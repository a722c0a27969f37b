import { CaseArticleExistsError, StaleArticleError } from '#src/domain/errors.ts'
import type { Article } from '#src/domain/kb/article.ts'
import { productKey } from '#src/domain/kb/search-text.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { ArticleCorpus, ArticleFilter, ArticleRevision, ArticleStore } from '#src/use-cases/ports/kb.ts'
import { now } from './core.ts'

/** An article with plausible defaults; override what the test is about. */
export function anArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: 'a1',
    title: 'Invoices are printed twice',
    body: 'Switch off the **duplicate print** option in the printer settings.',
    product: 'Caseline ERP',
    tags: [],
    locale: 'en',
    status: 'published',
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: 'sam',
    updatedBy: 'sam',
    ...overrides,
  }
}

/**
 * The knowledge base in memory, as the store and as the corpus the search loads: every write
 * counts the revision up and names its article, as the table's transaction does. Records what
 * the search read, so cache tests can tell a patch from a reload.
 */
export class InMemoryArticles implements ArticleStore, ArticleCorpus {
  readonly articles = new Map<string, Article>()
  readonly claims = new Map<string, string>()
  readonly reads = { revisions: 0, loads: 0, finds: 0 }
  #revision: ArticleRevision = { revision: 0 }

  constructor(articles: Article[] = []) {
    for (const article of articles) this.articles.set(article.id, article)
  }

  async insertArticle(article: Article): Promise<void> {
    if (article.sourceCaseId) {
      const claimed = this.claims.get(article.sourceCaseId)
      if (claimed) throw new CaseArticleExistsError(article.sourceCaseId, claimed)
      this.claims.set(article.sourceCaseId, article.id)
    }
    this.write(article)
  }

  async findArticle(articleId: string): Promise<Article | undefined> {
    this.reads.finds++
    return this.articles.get(articleId)
  }

  async saveArticle(next: Article, expectedVersion: number): Promise<void> {
    if (this.articles.get(next.id)?.version !== expectedVersion) throw new StaleArticleError(next.id)
    this.write(next)
  }

  async listArticles(query: ArticleFilter & PageRequest): Promise<Paged<Article>> {
    const items = [...this.articles.values()]
      .filter((a) => query.statuses.includes(a.status))
      .filter((a) => !query.locale || a.locale === query.locale)
      .filter((a) => !query.product || productKey(a.product) === productKey(query.product))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    return { items: items.slice(0, query.limit), nextCursor: null }
  }

  async readRevision(): Promise<ArticleRevision> {
    this.reads.revisions++
    return { ...this.#revision }
  }

  async loadArticles(): Promise<Article[]> {
    this.reads.loads++
    return [...this.articles.values()]
  }

  /** A write as the table does it: the article and the revision, together. */
  write(article: Article): void {
    this.articles.set(article.id, article)
    this.#revision = { revision: this.#revision.revision + 1, lastArticleId: article.id }
  }
}
