import { describe, expect, it } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { createArticleSearch } from '#src/adapters/search/article-search.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { ArticleFilter } from '#src/use-cases/ports/kb.ts'
import { rejectionOf } from '../fakes/core.ts'
import { anArticle, InMemoryArticles } from '../fakes/kb.ts'

const published: ArticleFilter = { statuses: ['published'] }
const cursors = createCursorCodec('unit-test-cursor-secret-0123456789abcdef')
const cursorCodec = async () => cursors

/** A search over `corpus` whose clock the test moves. */
function searchOver(corpus: InMemoryArticles) {
  let time = 0
  const search = createArticleSearch(corpus, cursorCodec, { now: () => time, maxAgeMs: 60_000 })
  return { search, advance: (ms: number) => (time += ms) }
}

const titles = async (search: ReturnType<typeof searchOver>['search'], text: string) =>
  (await search.search({ ...published, text }, { limit: 25 })).items.map((hit) => hit.article.title)

describe('createArticleSearch', () => {
  it('loads the corpus once and then serves from memory while the revision stands', async () => {
    // Arrange
    const corpus = new InMemoryArticles()
    corpus.write(anArticle({ id: 'a', title: 'Mahnlauf stops' }))
    const { search } = searchOver(corpus)

    // Act
    await titles(search, 'Mahnlauf')
    await titles(search, 'Mahnlauf')
    await search.suggest({ title: 'Mahnlauf' }, published, 5)

    // Assert: one load; every request checked the revision
    expect(corpus.reads.loads).toBe(1)
    expect(corpus.reads.revisions).toBe(4)
  })

  it('finds an article published after the index was built with one GetItem, not a reload', async () => {
    // Arrange
    const corpus = new InMemoryArticles()
    corpus.write(anArticle({ id: 'a', title: 'Mahnlauf stops' }))
    const { search } = searchOver(corpus)
    await titles(search, 'anything')
    const findsBefore = corpus.reads.finds

    // Act: another instance publishes an article
    corpus.write(anArticle({ id: 'b', title: 'Rechnungsdruck doppelt' }))
    const found = await titles(search, 'Rechnungsdruck')

    // Assert
    expect(found).toEqual(['Rechnungsdruck doppelt'])
    expect(corpus.reads.loads).toBe(1)
    expect(corpus.reads.finds).toBe(findsBefore + 1)
  })

  it('withdraws an unpublished article from the next search', async () => {
    // Arrange
    const corpus = new InMemoryArticles()
    corpus.write(anArticle({ id: 'a', title: 'Mahnlauf stops' }))
    const { search } = searchOver(corpus)
    expect(await titles(search, 'Mahnlauf')).toEqual(['Mahnlauf stops'])

    // Act
    corpus.write(anArticle({ id: 'a', title: 'Mahnlauf stops', status: 'draft', version: 2 }))

    // Assert
    expect(await titles(search, 'Mahnlauf')).toEqual([])
  })

  it('reloads the corpus when several writes happened since, and when the index is too old', async () => {
    // Arrange
    const corpus = new InMemoryArticles([anArticle({ id: 'a', title: 'First' })])
    const { search, advance } = searchOver(corpus)
    await titles(search, 'first')

    // Act
    corpus.write(anArticle({ id: 'b', title: 'Second' }))
    corpus.write(anArticle({ id: 'c', title: 'Third' }))
    const afterTwoWrites = await titles(search, 'second third')
    advance(60_001)
    await titles(search, 'first')

    // Assert
    expect(afterTwoWrites.sort()).toEqual(['Second', 'Third'])
    expect(corpus.reads.loads).toBe(3)
  })

  it('pages through a ranked result with signed cursors bound to the query', async () => {
    // Arrange
    const corpus = new InMemoryArticles(
      Array.from({ length: 5 }, (_, i) => anArticle({ id: `a${i}`, title: `Export problem ${i}` })),
    )
    const { search } = searchOver(corpus)
    const query = { ...published, text: 'export' }

    // Act
    const first = await search.search(query, { limit: 2 })
    const second = await search.search(query, { limit: 2, cursor: first.nextCursor ?? undefined })
    const third = await search.search(query, { limit: 2, cursor: second.nextCursor ?? undefined })
    const replayed = await rejectionOf(
      search.search({ ...query, text: 'problem' }, { limit: 2, cursor: first.nextCursor ?? undefined }),
    )

    // Assert
    const seen = [...first.items, ...second.items, ...third.items].map((hit) => hit.article.id)
    expect(new Set(seen).size).toBe(5)
    expect(third.nextCursor).toBeNull()
    expect(replayed).toBeInstanceOf(ValidationError)
  })
})
