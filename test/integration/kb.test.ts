import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import type { Article } from '#src/domain/kb/article.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

type Hit = Omit<Article, 'body'> & { snippet: string; score?: number }

describe('knowledge base through the local HTTP API', () => {
  let alice = ''
  let gina = ''
  let sam = ''

  beforeAll(async () => {
    alice = await api.tokenFor('alice@acme.example')
    gina = await api.tokenFor('gina@globex.example')
    sam = await api.tokenFor('sam@vendor.example')
  })

  /** Writes an article as sam; published unless told otherwise. */
  async function writeArticle(fields: Record<string, unknown>): Promise<Article> {
    const created = await api.request<Article>('POST', '/v1/kb/articles', {
      token: sam,
      body: { body: 'Steps to take.', product: 'Caseline ERP', locale: 'de', status: 'published', ...fields },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    return created.body
  }

  it('a published article about a product is suggested first for a case draft whose title mentions it', async () => {
    // Arrange: sam writes a draft about the Mahnlauf, and two distractors
    await writeArticle({ title: 'Rechnungslayout anpassen', body: 'Der Mahnlauf nutzt dieses Layout nicht.' })
    await writeArticle({ title: 'Mahnlauf im CRM', product: 'Caseline CRM', body: 'Kontakte mahnen.' })
    const draft = await api.request<Article>('POST', '/v1/kb/articles', {
      token: sam,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        title: 'Mahnlauf bricht beim ersten Kreditor ab',
        body: '## Ursache\n\nEin Kreditor **ohne Adresse** stoppt den Mahnlauf.\n\n## Lösung\n\nAdresse ergänzen.',
        product: 'Caseline ERP',
        tags: ['Mahnwesen'],
        locale: 'de',
      },
    })
    const draftTitle = {
      title: 'Unser Mahnlauf stoppt',
      description: 'Seit heute früh.',
      product: 'Caseline ERP',
    }
    const beforePublishing = await api.request<{ items: Hit[] }>('POST', '/v1/kb/suggest', {
      token: alice,
      body: draftTitle,
    })

    // Act: sam publishes it with the ETag he read; alice writes her case draft
    const published = await api.request<Article>('PATCH', `/v1/kb/articles/${draft.body.id}`, {
      token: sam,
      headers: { 'if-match': draft.headers.get('etag') ?? '' },
      body: { status: 'published' },
    })
    const suggested = await api.request<{ items: Hit[] }>('POST', '/v1/kb/suggest', {
      token: alice,
      body: draftTitle,
    })

    // Assert
    expect(draft.status).toBe(201)
    expect(draft.headers.get('location')).toBe(`${api.url}/v1/kb/articles/${draft.body.id}`)
    expect(draft.body).toMatchObject({ status: 'draft', version: 1, createdBy: expect.any(String) })
    expect(beforePublishing.body.items.map((hit) => hit.id)).not.toContain(draft.body.id)
    expect(published.status).toBe(200)
    expect(published.headers.get('etag')).toBe('"2"')
    expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String) })
    expect(suggested.status).toBe(200)
    expect(suggested.body.items[0]).toMatchObject({
      id: draft.body.id,
      title: 'Mahnlauf bricht beim ersten Kreditor ab',
      score: expect.any(Number),
      snippet: expect.stringContaining('Mahnlauf'),
    })
    expect(suggested.body.items[0]).not.toHaveProperty('body')
    expect(suggested.body.items.length).toBeLessThanOrEqual(5)
  })

  it('customers see neither drafts nor the write routes: 404 and 403', async () => {
    // Arrange
    const draft = await writeArticle({ title: `Entwurf ${randomUUID()}`, status: 'draft' })

    // Act
    const read = await api.request<Problem>('GET', `/v1/kb/articles/${draft.id}`, { token: alice })
    const staffRead = await api.request<Article>('GET', `/v1/kb/articles/${draft.id}`, { token: sam })
    const listed = await api.request<Page<Hit>>('GET', '/v1/kb/articles?limit=100', { token: gina })
    const searched = await api.request<Page<Hit>>(`GET`, `/v1/kb/articles?q=Entwurf`, { token: alice })
    const drafts = await api.request<Problem>('GET', '/v1/kb/articles?status=draft', { token: alice })
    const created = await api.request<Problem>('POST', '/v1/kb/articles', {
      token: alice,
      body: { title: 'Mine', body: 'x', product: 'Caseline ERP', locale: 'de' },
    })
    const edited = await api.request<Problem>('PATCH', `/v1/kb/articles/${draft.id}`, {
      token: alice,
      headers: { 'if-match': '"1"' },
      body: { status: 'published' },
    })

    // Assert
    expect(read.status).toBe(404)
    expect(read.headers.get('content-type')).toContain('application/problem+json')
    expect(JSON.stringify(read.body)).not.toContain('Entwurf')
    expect(staffRead.status).toBe(200)
    expect(staffRead.headers.get('etag')).toBe('"1"')
    expect(listed.body.items.length).toBeGreaterThan(0)
    expect(listed.body.items.every((hit) => hit.status === 'published')).toBe(true)
    expect(searched.body.items.map((hit) => hit.id)).not.toContain(draft.id)
    expect(drafts.status).toBe(403)
    expect(created.status).toBe(403)
    expect(edited.status).toBe(403)
  })

  it('edits need the current ETag: 428 without, 412 when stale', async () => {
    // Arrange
    const article = await writeArticle({ title: 'Belegnummern doppelt' })

    // Act
    const blind = await api.request<Problem>('PATCH', `/v1/kb/articles/${article.id}`, {
      token: sam,
      body: { title: 'Belegnummern doppelt vergeben' },
    })
    const first = await api.request<Article>('PATCH', `/v1/kb/articles/${article.id}`, {
      token: sam,
      headers: { 'if-match': '"1"' },
      body: { title: 'Belegnummern doppelt vergeben' },
    })
    const stale = await api.request<Problem>('PATCH', `/v1/kb/articles/${article.id}`, {
      token: sam,
      headers: { 'if-match': '"1"' },
      body: { tags: ['Belege'] },
    })

    // Assert
    expect(blind.status).toBe(428)
    expect(first.status).toBe(200)
    expect(first.body.version).toBe(2)
    expect(stale.status).toBe(412)
  })

  it('searches rank title matches first, forgive case and umlauts, and page with cursors', async () => {
    // Arrange
    const inTitle = await writeArticle({ title: 'Rechnungsdruck bricht ab', body: 'Druckertreiber prüfen.' })
    const inBody = await writeArticle({ title: 'Druckvorlagen', body: 'Auch der Rechnungsdruck nutzt sie.' })
    const umlaut = await writeArticle({ title: 'Rückstellungen buchen', body: 'Monatsabschluss.' })

    // Act
    const ranked = await api.request<Page<Hit>>('GET', '/v1/kb/articles?q=rechnungsdruck', { token: alice })
    const folded = await api.request<Page<Hit>>('GET', '/v1/kb/articles?q=Rueckstellung', { token: alice })
    const first = await api.request<Page<Hit>>('GET', '/v1/kb/articles?q=rechnungsdruck&limit=1', {
      token: alice,
    })
    const second = await api.request<Page<Hit>>(
      'GET',
      `/v1/kb/articles?q=rechnungsdruck&limit=1&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      { token: alice },
    )
    const replayed = await api.request<Problem>(
      'GET',
      `/v1/kb/articles?q=mahnlauf&limit=1&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      { token: alice },
    )

    // Assert
    expect(ranked.status).toBe(200)
    expect(ranked.body.items.map((hit) => hit.id).slice(0, 2)).toEqual([inTitle.id, inBody.id])
    expect(ranked.body.items[0]?.score).toBeGreaterThan(
      ranked.body.items[1]?.score ?? Number.POSITIVE_INFINITY,
    )
    expect(folded.body.items.map((hit) => hit.id)).toEqual([umlaut.id])
    expect(first.body.items.map((hit) => hit.id)).toEqual([inTitle.id])
    expect(second.body.items.map((hit) => hit.id)).toEqual([inBody.id])
    expect(replayed.status).toBe(400)
  })

  it('lists newest first without q, narrowed by status, locale and product', async () => {
    // Arrange
    const product = `Produkt ${randomUUID()}`
    const older = await writeArticle({ title: 'Older', product })
    const newer = await writeArticle({ title: 'Newer', product, locale: 'en' })
    const draft = await writeArticle({ title: 'Draft', product, status: 'draft' })
    const query = `product=${encodeURIComponent(product.toUpperCase())}`

    // Act
    const staffAll = await api.request<Page<Hit>>('GET', `/v1/kb/articles?${query}`, { token: sam })
    const staffDrafts = await api.request<Page<Hit>>('GET', `/v1/kb/articles?${query}&status=draft`, {
      token: sam,
    })
    const customer = await api.request<Page<Hit>>('GET', `/v1/kb/articles?${query}`, { token: alice })
    const english = await api.request<Page<Hit>>('GET', `/v1/kb/articles?${query}&locale=en`, {
      token: alice,
    })

    // Assert
    expect(staffAll.body.items.map((hit) => hit.id)).toEqual([draft.id, newer.id, older.id])
    expect(staffDrafts.body.items.map((hit) => hit.id)).toEqual([draft.id])
    expect(customer.body.items.map((hit) => hit.id)).toEqual([newer.id, older.id])
    expect(english.body.items.map((hit) => hit.id)).toEqual([newer.id])
    expect(customer.body.items[0]).toMatchObject({ snippet: 'Steps to take.' })
    expect(customer.body.items[0]).not.toHaveProperty('score')
  })

  it('a resolved case becomes a draft article, once', async () => {
    // Arrange: alice files a case, sam proposes a solution
    const filed = await api.request<Case>('POST', '/v1/cases', {
      token: alice,
      body: {
        title: 'Zahlungsvorschlag leer',
        description: 'Der Zahlungsvorschlag enthält keine Posten.',
        product: 'Caseline ERP',
      },
    })
    const caseId = filed.body.id
    const early = await api.request<Problem>('POST', `/v1/cases/${caseId}/kb-article`, { token: sam })
    const proposed = await api.request<Case>('POST', `/v1/cases/${caseId}/transitions`, {
      token: sam,
      body: {
        action: 'propose_solution',
        resolution: { kind: 'solved', summary: 'Fälligkeitsdatum im Vorschlag auf heute setzen.' },
      },
    })

    // Act
    const created = await api.request<Article>('POST', `/v1/cases/${caseId}/kb-article`, { token: sam })
    const again = await api.request<Problem>('POST', `/v1/cases/${caseId}/kb-article`, { token: sam })
    const byCustomer = await api.request<Problem>('POST', `/v1/cases/${caseId}/kb-article`, { token: alice })
    const hidden = await api.request<Problem>('GET', `/v1/kb/articles/${created.body.id}`, { token: alice })

    // Assert
    expect(early.status).toBe(409)
    expect(proposed.status).toBe(200)
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`${api.url}/v1/kb/articles/${created.body.id}`)
    expect(created.body).toMatchObject({
      title: 'Zahlungsvorschlag leer',
      product: 'Caseline ERP',
      locale: 'de',
      status: 'draft',
      sourceCaseId: caseId,
    })
    expect(created.body.body).toContain('Der Zahlungsvorschlag enthält keine Posten.')
    expect(created.body.body).toContain('Fälligkeitsdatum im Vorschlag auf heute setzen.')
    expect(again.status).toBe(409)
    expect(again.body.detail).toContain(created.body.id)
    expect(byCustomer.status).toBe(403)
    expect(hidden.status).toBe(404)
  })

  it('a retried create with the same Idempotency-Key writes one article', async () => {
    // Arrange
    const key = randomUUID()
    const body = { title: `Retry ${key}`, body: 'x', product: 'Caseline ERP', locale: 'en' }

    // Act
    const first = await api.request<Article>('POST', '/v1/kb/articles', {
      token: sam,
      headers: { 'idempotency-key': key },
      body,
    })
    const retry = await api.request<Article>('POST', '/v1/kb/articles', {
      token: sam,
      headers: { 'idempotency-key': key },
      body,
    })
    const listed = await api.request<Page<Hit>>(
      'GET',
      `/v1/kb/articles?q=${encodeURIComponent(key)}&status=draft`,
      {
        token: sam,
      },
    )

    // Assert
    expect(first.status).toBe(201)
    expect(retry.body.id).toBe(first.body.id)
    expect(listed.body.items.filter((hit) => hit.title === body.title)).toHaveLength(1)
  })
})
