import { describe, expect, it } from 'vitest'
import { createArticleSearch } from '#src/adapters/search/article-search.ts'
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError } from '#src/domain/errors.ts'
import { draftFromCase } from '#src/domain/kb/article.ts'
import { CreateArticleBody, UpdateArticleBody } from '#src/http/schemas/kb.ts'
import { createArticle } from '#src/use-cases/kb/create-article.ts'
import { createArticleFromCase } from '#src/use-cases/kb/create-article-from-case.ts'
import { getArticle } from '#src/use-cases/kb/get-article.ts'
import { listArticles } from '#src/use-cases/kb/list-articles.ts'
import { suggestArticles } from '#src/use-cases/kb/suggest-articles.ts'
import { updateArticle } from '#src/use-cases/kb/update-article.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryAccounts,
  InMemoryCaseStore,
  now,
  rejectionOf,
  sequentialIds,
} from '../fakes/core.ts'
import { anArticle, InMemoryArticles } from '../fakes/kb.ts'

const alice = aCustomer({ accountId: 'acme' })
const sam = aStaffMember({ userId: 'sam' })

function kb(articles = [anArticle({ id: 'pub', title: 'Mahnlauf stops' })]) {
  const store = new InMemoryArticles(articles)
  const cursorCodec = async () => {
    throw new Error('no cursor in these tests')
  }
  return {
    articles: store,
    articleSearch: createArticleSearch(store, cursorCodec),
    clock: fixedClock(),
    ids: sequentialIds('article'),
  }
}

const draft = anArticle({ id: 'draft', title: 'Mahnlauf draft', status: 'draft' })
const listQuery = (q?: string) => ({ limit: 25, ...(q ? { q } : {}) })

describe('drafts never reach customers', () => {
  it('a draft read by a customer is 404, read by staff it is there', async () => {
    const deps = kb([draft])

    expect(await rejectionOf(getArticle('draft', alice, deps))).toBeInstanceOf(NotFoundError)
    expect(await getArticle('draft', sam, deps)).toEqual(draft)
  })

  it("a customer's list and search show published articles only; staff see both", async () => {
    // Arrange
    const deps = kb([anArticle({ id: 'pub', title: 'Mahnlauf stops' }), draft])

    // Act
    const customerList = await listArticles(listQuery(), alice, deps)
    const customerSearch = await listArticles(listQuery('Mahnlauf'), alice, deps)
    const staffSearch = await listArticles(listQuery('Mahnlauf'), sam, deps)

    // Assert
    expect(customerList.items.map((a) => a.id)).toEqual(['pub'])
    expect(customerSearch.items.map((a) => a.id)).toEqual(['pub'])
    expect(staffSearch.items.map((a) => a.id).sort()).toEqual(['draft', 'pub'])
  })

  it('a customer asking for drafts is refused', async () => {
    const deps = kb([draft])

    const refused = await rejectionOf(listArticles({ ...listQuery(), status: 'draft' }, alice, deps))

    expect(refused).toBeInstanceOf(ForbiddenError)
  })

  it('suggestions are published articles, for staff too', async () => {
    const deps = kb([draft])

    expect(await suggestArticles({ title: 'Mahnlauf', limit: 5 }, deps)).toEqual([])
  })
})

describe('createArticle', () => {
  it('writes version 1 as a draft by default, and stamps publishedAt when published at once', async () => {
    // Arrange
    const deps = kb([])
    const body = CreateArticleBody.parse({ title: 'T', body: 'B', product: 'P', locale: 'de' })

    // Act
    const created = await createArticle(body, sam, deps)
    const published = await createArticle({ ...body, status: 'published' }, sam, deps)

    // Assert
    expect(created).toMatchObject({ status: 'draft', version: 1, createdBy: 'sam', tags: [] })
    expect(created.publishedAt).toBeUndefined()
    expect(published.publishedAt).toBe(now.toISOString())
    expect(deps.articles.articles.size).toBe(2)
  })

  it('refuses customers', async () => {
    const body = CreateArticleBody.parse({ title: 'T', body: 'B', product: 'P', locale: 'de' })

    expect(await rejectionOf(createArticle(body, alice, kb([])))).toBeInstanceOf(ForbiddenError)
  })
})

describe('updateArticle', () => {
  it('publishes with the version read, counts the version up and stamps publishedAt', async () => {
    // Arrange
    const deps = kb([draft])

    // Act
    const updated = await updateArticle(
      'draft',
      1,
      UpdateArticleBody.parse({ status: 'published' }),
      sam,
      deps,
    )

    // Assert
    expect(updated).toMatchObject({ status: 'published', version: 2, publishedAt: now.toISOString() })
    expect(await getArticle('draft', alice, deps)).toEqual(updated)
  })

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const deps = kb([anArticle({ id: 'a', version: 3 })])

    const refused = await rejectionOf(updateArticle('a', 2, { title: 'New' }, sam, deps))

    expect(refused).toBeInstanceOf(PreconditionFailedError)
    expect(deps.articles.articles.get('a')?.title).toBe(anArticle().title)
  })

  it('applies If-Match: * to the current version', async () => {
    const deps = kb([anArticle({ id: 'a', version: 3 })])

    const updated = await updateArticle('a', 'any', { title: 'New' }, sam, deps)

    expect(updated).toMatchObject({ title: 'New', version: 4 })
  })

  it('keeps the version when nothing changes', async () => {
    const deps = kb([anArticle({ id: 'a' })])

    const same = await updateArticle('a', 1, { title: anArticle().title }, sam, deps)

    expect(same.version).toBe(1)
  })
})

describe('createArticleFromCase', () => {
  const resolved = aCase({
    id: 'c1',
    number: 'CS-1042',
    accountId: 'acme',
    title: 'Mahnlauf stoppt',
    description: 'Der Mahnlauf stoppt beim ersten Kreditor.',
    product: 'Caseline ERP',
    component: 'Dunning',
    status: 'solution_proposed',
    resolution: { kind: 'workaround', summary: 'Kreditor ohne Adresse ausschließen.' },
  })

  function deps(c = resolved) {
    return { ...kb([]), cases: new InMemoryCaseStore({ cases: [c] }), accounts: new InMemoryAccounts() }
  }

  it("drafts the article from the case's title, description and resolution, in the account's language", async () => {
    // Act
    const created = await createArticleFromCase('c1', sam, deps())

    // Assert
    expect(created).toMatchObject({
      title: 'Mahnlauf stoppt',
      product: 'Caseline ERP',
      tags: ['Dunning'],
      locale: 'de',
      status: 'draft',
      sourceCaseId: 'c1',
      version: 1,
    })
    expect(created.body).toContain('Der Mahnlauf stoppt beim ersten Kreditor.')
    expect(created.body).toContain('## Umgehungslösung')
    expect(created.body).toContain('Kreditor ohne Adresse ausschließen.')
  })

  it('refuses a case that is not resolved, and a second article of the same case', async () => {
    // Arrange
    const open = deps(aCase({ id: 'c1', status: 'in_progress' }))
    const once = deps()
    await createArticleFromCase('c1', sam, once)

    // Act / Assert
    expect(await rejectionOf(createArticleFromCase('c1', sam, open))).toBeInstanceOf(ConflictError)
    const again = await rejectionOf(createArticleFromCase('c1', sam, once))
    expect(again).toBeInstanceOf(ConflictError)
    expect((again as Error).message).toContain('article-1')
  })

  it('refuses customers, and answers an unknown case with 404', async () => {
    expect(await rejectionOf(createArticleFromCase('c1', alice, deps()))).toBeInstanceOf(ForbiddenError)
    expect(await rejectionOf(createArticleFromCase('nope', sam, deps()))).toBeInstanceOf(NotFoundError)
  })

  it('names the fix for a raised bug', () => {
    const draftText = draftFromCase(
      aCase({ resolution: { kind: 'bug_raised', summary: 'Fixed in 7.2.', fixEta: 'patch on Friday' } }),
      'en',
    )

    expect(draftText?.body).toContain('## Known bug')
    expect(draftText?.body).toContain('**Fix expected:** patch on Friday')
  })
})
