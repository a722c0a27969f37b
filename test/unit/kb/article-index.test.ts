import { describe, expect, it } from 'vitest'
import { ArticleIndex } from '#src/adapters/search/article-index.ts'
import type { ArticleFilter } from '#src/use-cases/ports/kb.ts'
import { anArticle } from '../fakes/kb.ts'

const published: ArticleFilter = { statuses: ['published'] }
const everything: ArticleFilter = { statuses: ['draft', 'published'] }

const ids = (hits: { article: { id: string } }[]) => hits.map((hit) => hit.article.id)

describe('ArticleIndex.search', () => {
  it('ranks an article with the word in its title above one with it in its body', () => {
    // Arrange
    const index = ArticleIndex.of([
      anArticle({ id: 'in-body', title: 'Printing settings', body: 'The Mahnlauf uses these settings.' }),
      anArticle({ id: 'in-title', title: 'Mahnlauf stops early', body: 'Check the dunning levels.' }),
    ])

    // Act
    const hits = index.search('Mahnlauf', published)

    // Assert
    expect(ids(hits)).toEqual(['in-title', 'in-body'])
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY)
  })

  it.each(['Rechnungsdruck', 'rechnungsdruck', 'RECHNUNGSDRUCK', 'Rechnungsdrucke', 'Rechnungsdr'])(
    '%s finds the article about Rechnungsdruck',
    (query) => {
      const index = ArticleIndex.of([
        anArticle({ id: 'druck', title: 'Rechnungsdruck bricht ab', locale: 'de', body: 'Drucker prüfen.' }),
        anArticle({ id: 'other', title: 'Mahnlauf', locale: 'de', body: 'Mahnstufen prüfen.' }),
      ])

      expect(ids(index.search(query, published))).toEqual(['druck'])
    },
  )

  it.each(['Rückstellung', 'Rueckstellung', 'rückstellungen', 'Ruckstellung'])(
    '%s finds Rückstellung with or without the umlaut',
    (query) => {
      const index = ArticleIndex.of([anArticle({ id: 'r', title: 'Rückstellung buchen', locale: 'de' })])

      expect(ids(index.search(query, published))).toEqual(['r'])
    },
  )

  it('forgives a typo in a longer word', () => {
    const index = ArticleIndex.of([anArticle({ id: 'i', title: 'Invoice export is empty' })])

    expect(ids(index.search('invoise', published))).toEqual(['i'])
  })

  it('prefers articles with every word, and falls back to any word when none has them all', () => {
    // Arrange
    const index = ArticleIndex.of([
      anArticle({ id: 'both', title: 'Invoice export empty', body: 'x' }),
      anArticle({ id: 'one', title: 'Invoice layout', body: 'x' }),
    ])

    // Act / Assert
    expect(ids(index.search('invoice export', published))).toEqual(['both'])
    expect(ids(index.search('invoice unicorn', published))).toEqual(expect.arrayContaining(['both', 'one']))
  })

  it('never shows a draft to a published-only search, and narrows by locale and product', () => {
    // Arrange
    const index = ArticleIndex.of([
      anArticle({ id: 'draft', title: 'Mahnlauf draft', status: 'draft' }),
      anArticle({ id: 'de', title: 'Mahnlauf', locale: 'de' }),
      anArticle({ id: 'crm', title: 'Mahnlauf', product: 'Caseline CRM' }),
    ])

    // Act / Assert
    expect(ids(index.search('Mahnlauf', published)).sort()).toEqual(['crm', 'de'])
    expect(ids(index.search('Mahnlauf', everything)).sort()).toEqual(['crm', 'de', 'draft'])
    expect(ids(index.search('Mahnlauf', { ...published, locale: 'de' }))).toEqual(['de'])
    expect(ids(index.search('Mahnlauf', { ...published, product: 'caseline  crm' }))).toEqual(['crm'])
  })

  it('finds nothing for stop words alone and survives garbage', () => {
    const index = ArticleIndex.of([anArticle()])

    expect(index.search('the und of', published)).toEqual([])
    expect(index.search(`\u0000 😀 ${'a'.repeat(5000)} %E0%A4%A`, published)).toEqual([])
  })

  it('gives a snippet around the matched words, without markdown', () => {
    // Arrange
    const body = `${'Some unrelated text here. '.repeat(20)}Then **disable duplicate printing** in the settings.`
    const index = ArticleIndex.of([anArticle({ id: 'p', title: 'Invoices', body })])

    // Act
    const [hit] = index.search('duplicate', published)

    // Assert
    expect(hit?.article.snippet).toContain('disable duplicate printing')
    expect(hit?.article).not.toHaveProperty('body')
  })

  it('replaces an article it holds: the old words are gone, the new ones found', () => {
    // Arrange
    const index = ArticleIndex.of([anArticle({ id: 'a', title: 'Old title' })])

    // Act
    index.upsert(anArticle({ id: 'a', title: 'Brand new heading', version: 2 }))

    // Assert
    expect(index.size).toBe(1)
    expect(ids(index.search('heading', published))).toEqual(['a'])
    expect(index.search('old', published)).toEqual([])
  })
})

describe('ArticleIndex.suggest', () => {
  const articles = [
    anArticle({ id: 'mahnlauf', title: 'Mahnlauf bricht beim ersten Kreditor ab', locale: 'de' }),
    anArticle({
      id: 'export',
      title: 'Invoice export is empty',
      body: 'The nightly export job needs a restart.',
    }),
    anArticle({ id: 'print', title: 'Printing invoices twice', body: 'Disable duplicate printing.' }),
  ]

  it('puts the article whose title shares the draft title words first', () => {
    const index = ArticleIndex.of(articles)

    const hits = index.suggest(
      {
        title: 'Der Mahnlauf stoppt',
        description: 'Seit heute stoppt der Mahnlauf.',
        product: 'Caseline ERP',
      },
      published,
      5,
    )

    expect(ids(hits)[0]).toBe('mahnlauf')
  })

  it('boosts articles about the draft product among equal matches', () => {
    // Arrange
    const index = ArticleIndex.of([
      anArticle({ id: 'crm', title: 'Export job hangs', product: 'Caseline CRM' }),
      anArticle({ id: 'erp', title: 'Export job hangs', product: 'Caseline ERP' }),
    ])

    // Act
    const forErp = index.suggest({ title: 'export hangs', product: 'caseline erp' }, published, 5)
    const forCrm = index.suggest({ title: 'export hangs', product: 'Caseline CRM' }, published, 5)

    // Assert
    expect(ids(forErp)).toEqual(['erp', 'crm'])
    expect(ids(forCrm)).toEqual(['crm', 'erp'])
    expect(forErp[0]?.score).toBeGreaterThan(forErp[1]?.score ?? Number.POSITIVE_INFINITY)
  })

  it('suggests at most `limit` articles, and never a draft', () => {
    // Arrange
    const index = ArticleIndex.of([
      ...Array.from({ length: 8 }, (_, i) => anArticle({ id: `p${i}`, title: `Export problem ${i}` })),
      anArticle({ id: 'draft', title: 'Export problem', status: 'draft' }),
    ])

    // Act
    const hits = index.suggest({ title: 'export problem' }, published, 5)

    // Assert
    expect(hits).toHaveLength(5)
    expect(ids(hits)).not.toContain('draft')
  })

  it('weighs description words less than title words', () => {
    // Arrange
    const index = ArticleIndex.of([
      anArticle({ id: 'title-word', title: 'Export hangs' }),
      anArticle({ id: 'description-word', title: 'Printer offline' }),
    ])

    // Act
    const hits = index.suggest({ title: 'export', description: 'printer' }, published, 5)

    // Assert
    expect(ids(hits)[0]).toBe('title-word')
  })
})

describe('ArticleIndex.suggest with a description', () => {
  it("finds an article by a rare word of the description when the title's words match nothing", () => {
    // Arrange: enough articles that common words can be told apart from rare ones
    const filler = Array.from({ length: 60 }, (_, i) =>
      anArticle({ id: `f${i}`, title: `Allgemeine Frage ${i}`, body: 'Das System zeigt einen Fehler.' }),
    )
    const index = ArticleIndex.of([
      ...filler,
      anArticle({
        id: 'sepa',
        title: 'Lastschriftmandat fehlt',
        body: 'Das System zeigt einen Fehler beim SEPA-Export.',
      }),
    ])

    // Act
    const hits = index.suggest(
      { title: 'Hilfe bitte', description: 'Das System zeigt einen Fehler beim SEPA Export.' },
      published,
      5,
    )

    // Assert: "sepa" is rare and finds it; "Fehler" and "System" are in every article and are left out
    expect(ids(hits)).toEqual(['sepa'])
  })
})
