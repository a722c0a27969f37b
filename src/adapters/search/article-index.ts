import MiniSearch, { type Query, type SearchOptions } from 'minisearch'
import type { Article } from '#src/domain/kb/article.ts'
import { plainText, productKey, searchTerm, snippet, tokenize } from '#src/domain/kb/search-text.ts'
import type { ArticleFilter, ArticleHit, ArticleSummary, CaseDraftText } from '#src/use-cases/ports/kb.ts'

/** What MiniSearch indexes of an article: plain text only, tags as one field. */
interface IndexedArticle {
  id: string
  title: string
  tags: string
  product: string
  body: string
}

/** What the index keeps of an article besides MiniSearch's own structures: no markdown body. */
interface Entry {
  summary: Omit<ArticleSummary, 'snippet'>
  /** The beginning of the body as plain text, for snippets around the matched words. */
  text: string
  productKey: string
}

/**
 * How much of a body the index keeps for snippets: a match further down shows the beginning
 * instead. Keeping whole bodies doubled the heap at 10,000 articles (docs/kb.md).
 */
const snippetSourceLength = 4_000

/**
 * Field weights: a word in the title says far more about an article than the same word somewhere
 * in its body; tags are chosen by the author, the product names what it is about.
 */
export const fieldBoosts = { title: 3, tags: 2, product: 1.5, body: 1 } as const

/** How much an article about the case's (or the filter's) product counts more in suggestions. */
export const productBoost = 1.5

/** Query words beyond these are ignored: a pasted log must not turn one suggestion into a thousand lookups. */
const maxTitleTerms = 20
/** A description's rarest words say what it is about; its common ones match everything and cost the most. */
const maxDescriptionTerms = 12
/** Description words in more than this share of the articles are left out (once there are enough articles to tell). */
const commonTermShare = 0.2
const commonTermMinArticles = 50

/** A suggestion scoring below this share of the best one is noise (one common word in a long description). */
const suggestionCutoff = 0.15

/** Prefix matches for words of 3+ letters (`Mahnl` finds `Mahnlauf`), one typo in 5+ letters, two at most. */
const prefixFrom = 3
const fuzzyFrom = 5

const baseSearch: SearchOptions = {
  boost: { ...fieldBoosts },
  prefix: (term) => term.length >= prefixFrom,
  fuzzy: (term) => (term.length >= fuzzyFrom ? 0.2 : false),
  maxFuzzy: 2,
}

/** The distinct words of `text` with their search terms, in order of first appearance. */
function distinctWords(text: string, max = Number.POSITIVE_INFINITY): { word: string; term: string }[] {
  const seen = new Set<string>()
  const words: { word: string; term: string }[] = []
  for (const word of tokenize(text)) {
    const term = searchTerm(word)
    if (!term || seen.has(term)) continue
    seen.add(term)
    words.push({ word, term })
    if (words.length === max) break
  }
  return words
}

/**
 * A query of raw words: MiniSearch folds and stems the query itself, so it gets the words, not
 * their terms (stemming a stem again could cut it further).
 */
const queryOf = (words: { word: string }[]) => words.map((w) => w.word).join(' ')

const round = (score: number) => Math.round(score * 1000) / 1000

const everything = { offset: 0, limit: Number.POSITIVE_INFINITY }

/**
 * An in-memory full-text index of the knowledge base (MiniSearch: BM25+ ranking, prefix and fuzzy
 * matching), with German and English folding and stemming (src/domain/kb/search-text.ts). Holds
 * every article of every status and locale; each search narrows by the caller's filter.
 */
export class ArticleIndex {
  readonly #engine = new MiniSearch<IndexedArticle>({
    fields: ['title', 'tags', 'product', 'body'],
    tokenize,
    processTerm: (word) => {
      const term = searchTerm(word)
      if (term) this.#indexing?.add(term)
      return term
    },
    searchOptions: baseSearch,
  })
  readonly #entries = new Map<string, Entry>()
  /** In how many articles each term occurs; counted while MiniSearch indexes, so the text is read once. */
  readonly #documentFrequency = new Map<string, number>()
  /** The terms of the article being indexed right now (undefined while searching). */
  #indexing: Set<string> | undefined

  /** Builds the index of `articles`. */
  static of(articles: Iterable<Article>): ArticleIndex {
    const index = new ArticleIndex()
    for (const article of articles) index.upsert(article)
    return index
  }

  get size(): number {
    return this.#entries.size
  }

  /**
   * Adds the article, or replaces the version the index holds. (A replaced article's old terms
   * stay counted in the document frequencies until the next rebuild: they only rank description
   * words for suggestions, where a slight excess does no harm.)
   */
  upsert(article: Article): void {
    const document = this.#remember(article)
    this.#indexing = new Set()
    try {
      if (this.#engine.has(article.id)) this.#engine.replace(document)
      else this.#engine.add(document)
      for (const term of this.#indexing) {
        this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1)
      }
    } finally {
      this.#indexing = undefined
    }
  }

  /**
   * Articles matching `text` within the filter, best first: the window `page` of the ranked list
   * (snippets are made for that window only). All words must match where any article has them
   * all; otherwise an article with more of the words ranks higher.
   */
  search(
    text: string,
    filter: ArticleFilter,
    page: { offset: number; limit: number } = everything,
  ): ArticleHit[] {
    const words = queryOf(distinctWords(text, maxTitleTerms))
    if (!words) return []
    const options = this.#narrowedTo(filter)
    const all = this.#engine.search(words, { ...options, combineWith: 'AND' })
    const results = all.length > 0 ? all : this.#engine.search(words, { ...options, combineWith: 'OR' })
    return results
      .slice(page.offset, page.offset + page.limit)
      .map((result) => this.#hit(result.id as string, result.score, result.terms))
  }

  /**
   * The best `limit` articles for a case draft. Title words match by prefix and with typos; of the
   * description, only its rarest words that some article has count, exactly and at half the weight:
   * a description is long and chatty. Articles about the draft's product count `productBoost` times more.
   */
  suggest(draft: CaseDraftText, filter: ArticleFilter, limit: number): ArticleHit[] {
    const title = distinctWords(draft.title, maxTitleTerms)
    const description = this.#telling(draft.description ?? '', new Set(title.map((w) => w.term)))
    const queries: Query[] = []
    if (title.length) queries.push({ queries: [queryOf(title)] })
    if (description.length) {
      queries.push({ queries: [queryOf(description)], prefix: false, fuzzy: false, boostTerm: () => 0.5 })
    }
    if (!queries.length) return []
    const results = this.#engine.search(
      { combineWith: 'OR', queries },
      this.#narrowedTo(filter, draft.product ? productKey(draft.product) : undefined),
    )
    const best = results[0]?.score ?? 0
    return results
      .filter((result) => result.score >= best * suggestionCutoff)
      .slice(0, limit)
      .map((result) => this.#hit(result.id as string, result.score, result.terms))
  }

  /** The description words worth searching for: known to the index, not too common, rarest first. */
  #telling(description: string, skip: ReadonlySet<string>): { word: string; term: string }[] {
    const common = this.size >= commonTermMinArticles ? this.size * commonTermShare : Number.POSITIVE_INFINITY
    return distinctWords(description)
      .map((w) => ({ ...w, frequency: this.#documentFrequency.get(w.term) ?? 0 }))
      .filter((w) => !skip.has(w.term) && w.frequency > 0 && w.frequency <= common)
      .sort((a, b) => a.frequency - b.frequency)
      .slice(0, maxDescriptionTerms)
  }

  #remember(article: Article): IndexedArticle {
    const { body, ...summary } = article
    const text = plainText(body)
    this.#entries.set(article.id, {
      summary,
      // Copied through a buffer: a slice would keep the whole body's string alive.
      text:
        text.length > snippetSourceLength ? Buffer.from(text.slice(0, snippetSourceLength)).toString() : text,
      productKey: productKey(article.product),
    })
    return {
      id: article.id,
      title: article.title,
      tags: article.tags.join(' '),
      product: article.product,
      body: text,
    }
  }

  /** The filter as a document boost: 0 drops an article before it is scored, `productBoost` favours one. */
  #narrowedTo(filter: ArticleFilter, boostedProduct?: string): SearchOptions {
    const product = filter.product ? productKey(filter.product) : undefined
    return {
      boostDocument: (id: string) => {
        const entry = this.#entries.get(id)
        if (!entry) return 0
        const { status, locale } = entry.summary
        if (!filter.statuses.includes(status)) return 0
        if (filter.locale && locale !== filter.locale) return 0
        if (product && entry.productKey !== product) return 0
        return boostedProduct && entry.productKey === boostedProduct ? productBoost : 1
      },
    }
  }

  #hit(id: string, score: number, terms: string[]): ArticleHit {
    const entry = this.#entries.get(id) as Entry
    return {
      article: { ...entry.summary, snippet: snippet(entry.text, new Set(terms)) },
      score: round(score),
    }
  }
}
