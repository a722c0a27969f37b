import type { CursorCodec } from '#src/adapters/cursor.ts'
import { ValidationError } from '#src/domain/errors.ts'
import { productKey } from '#src/domain/kb/search-text.ts'
import type { ArticleCorpus, ArticleFilter, ArticleSearch } from '#src/use-cases/ports/kb.ts'
import { ArticleIndex } from './article-index.ts'

/**
 * How long an index may serve before it is rebuilt from the table even though the revision says
 * nothing changed. Freshness comes from the revision check on every request; this only bounds the
 * rare case where a rebuild read a partition of the index before a write had reached it.
 */
export const maxIndexAgeMs = 5 * 60_000

/** Search results are pages of one ranked list; a cursor holds the offset of the next page. */
const maxOffset = 10_000

export interface ArticleSearchOptions {
  /** Monotonic milliseconds (tests move it). */
  now?: () => number
  maxAgeMs?: number
}

/** What the cache holds: an index built from (or patched up to) a revision of the knowledge base. */
interface Cached {
  index: ArticleIndex
  revision: number
  builtAt: number
}

const invalidCursor = () =>
  new ValidationError('The cursor is not valid for this query. Start again without a cursor.', [
    { parameter: 'cursor', detail: 'is not a cursor issued for this query' },
  ])

/**
 * The knowledge-base search of one Lambda instance: an in-memory index (see `ArticleIndex`) of the
 * whole corpus, loaded with a Query per locale and status partition and kept as long as it is current.
 *
 * Every request first reads the revision item (one strongly consistent GetItem). Unchanged: the
 * index serves as it is. One write further: that article is read (one GetItem) and replaced in
 * the index. More: the corpus is loaded again. So an article published through any instance is
 * found by the very next search on every instance, and a warm search costs one GetItem.
 */
export function createArticleSearch(
  corpus: ArticleCorpus,
  cursorCodec: () => Promise<CursorCodec>,
  options: ArticleSearchOptions = {},
): ArticleSearch & { current(): Promise<ArticleIndex> } {
  const now = options.now ?? (() => performance.now())
  const maxAgeMs = options.maxAgeMs ?? maxIndexAgeMs
  let cached: Cached | undefined
  // Concurrent requests (the local runtime serves several at once) share one rebuild.
  let rebuilding: Promise<Cached> | undefined

  async function rebuild(): Promise<Cached> {
    const { revision, lastArticleId } = await corpus.readRevision()
    const index = ArticleIndex.of(await corpus.loadArticles())
    // The index partitions are eventually consistent: the article of the revision just read may not
    // have reached them yet, so it is read from the table itself.
    if (lastArticleId) {
      const last = await corpus.findArticle(lastArticleId)
      if (last) index.upsert(last)
    }
    cached = { index, revision, builtAt: now() }
    return cached
  }

  /** The index, brought up to at least the revision this request saw. */
  async function current(): Promise<ArticleIndex> {
    const seen = await corpus.readRevision()
    for (;;) {
      const held = cached
      if (held && now() - held.builtAt <= maxAgeMs) {
        if (seen.revision <= held.revision) return held.index
        if (seen.revision === held.revision + 1 && seen.lastArticleId) {
          const changed = await corpus.findArticle(seen.lastArticleId)
          if (changed) held.index.upsert(changed)
          held.revision = Math.max(held.revision, seen.revision)
          return held.index
        }
      }
      rebuilding ??= rebuild().finally(() => {
        rebuilding = undefined
      })
      // A rebuild that was already under way may have read an older revision than this request saw: check again.
      const built = await rebuilding
      if (seen.revision <= built.revision) return built.index
    }
  }

  /** Binds a cursor to the query: an offset means nothing for another text or filter. */
  function contextOf(query: ArticleFilter & { text: string }): string {
    return `kb-search|${JSON.stringify([query.text, [...query.statuses].sort(), query.locale ?? '', productKey(query.product ?? '')])}`
  }

  return {
    current,

    async search(query, page) {
      const codec = page.cursor ? await cursorCodec() : undefined
      let offset = 0
      if (page.cursor && codec) {
        const position = codec.decode(page.cursor, contextOf(query)) as { offset?: unknown }
        const value = position?.offset
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maxOffset) {
          throw invalidCursor()
        }
        offset = value
      }
      // One more than the page, to know whether another page follows.
      const hits = (await current()).search(query.text, query, { offset, limit: page.limit + 1 })
      const end = offset + page.limit
      const more = hits.length > page.limit && end <= maxOffset
      return {
        items: hits.slice(0, page.limit),
        nextCursor: more ? (codec ?? (await cursorCodec())).encode({ offset: end }, contextOf(query)) : null,
      }
    },

    async suggest(draft, filter, limit) {
      return (await current()).suggest(draft, filter, limit)
    },
  }
}

const searches = new WeakMap<ArticleCorpus, ReturnType<typeof createArticleSearch>>()

/**
 * The search over `corpus`, one per corpus and process: a warm function reuses its index. Built in
 * the search functions rather than in the runtime: only they carry MiniSearch in their bundle.
 */
export function articleSearchFor(
  corpus: ArticleCorpus,
  cursorCodec: () => Promise<CursorCodec>,
): ReturnType<typeof createArticleSearch> {
  let search = searches.get(corpus)
  if (!search) {
    search = createArticleSearch(corpus, cursorCodec)
    searches.set(corpus, search)
  }
  return search
}
