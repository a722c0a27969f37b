import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CaseEvent, CaseView } from '#src/domain/case.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

/** A tag no other test uses. */
const uniqueTag = (stem: string) => `${stem}-${randomUUID().slice(0, 8)}`

const regionField = {
  key: 'region',
  labels: { de: 'Region', en: 'Region' },
  type: 'enum',
  options: [
    { value: 'emea', labels: { de: 'EMEA', en: 'EMEA' } },
    { value: 'apac', labels: { de: 'APAC', en: 'APAC' } },
  ],
  caseTypes: [],
  customerVisible: true,
  customerEditable: true,
}
const hiddenField = { ...regionField, key: 'risk', customerVisible: false, customerEditable: false }
const blockedField = { key: 'blocked', labels: { de: 'Blockiert', en: 'Blocked' }, type: 'boolean' }
const noteField = { key: 'note', labels: { de: 'Notiz', en: 'Note' }, type: 'text' }

type Envelope = { type: string; audience?: string; data: Record<string, unknown> }

describe('tags and label filters through the local HTTP API', () => {
  const tokens: Record<'alice' | 'adam' | 'gina' | 'sam' | 'root', string> = {
    alice: '',
    adam: '',
    gina: '',
    sam: '',
    root: '',
  }

  const fileCase = async (token: string, overrides: Record<string, unknown> = {}) => {
    const response = await api.request<CaseView>('POST', '/v1/cases', {
      token,
      body: {
        title: 'Export empty',
        description: 'The export is empty.',
        product: 'Caseline ERP',
        ...overrides,
      },
      headers: { 'idempotency-key': randomUUID() },
    })
    expect(response.status).toBe(201)
    return response.body
  }
  const patch = <T = CaseView>(token: string, c: { id: string; version: number }, body: unknown) =>
    api.request<T>('PATCH', `/v1/cases/${c.id}`, { token, body, headers: { 'if-match': `"${c.version}"` } })
  const tag = async (c: CaseView, ...tags: string[]) => {
    const response = await patch(tokens.sam, c, { tags: { add: tags } })
    expect(response.status).toBe(200)
    return response.body
  }
  const list = (token: string, query: string) =>
    api.request<Page<CaseView> & Problem>('GET', `/v1/cases?${query}`, { token })

  beforeAll(async () => {
    tokens.alice = await api.tokenFor('alice@acme.example')
    tokens.adam = await api.tokenFor('adam@acme.example')
    tokens.gina = await api.tokenFor('gina@globex.example')
    tokens.sam = await api.tokenFor('sam@vendor.example')
    tokens.root = await api.tokenFor('root@vendor.example')
    for (const field of [regionField, hiddenField, blockedField, noteField]) {
      const defined = await api.request('POST', '/v1/case-fields', {
        token: tokens.root,
        body: field,
        headers: { 'idempotency-key': randomUUID() },
      })
      expect(defined.status).toBe(201)
    }
  })

  it('staff add and remove tags idempotently; bad, too many and customers’ tags are refused', async () => {
    // Arrange
    const c = await fileCase(tokens.alice)
    const [vip, billing] = [uniqueTag('vip'), uniqueTag('billing')]

    // Act
    const added = await patch(tokens.sam, c, { tags: { add: [vip, billing] } })
    const again = await patch(
      tokens.sam,
      { id: c.id, version: 2 },
      { tags: { add: [vip], remove: ['absent'] } },
    )
    const removed = await patch(tokens.sam, { id: c.id, version: 2 }, { tags: { remove: [billing] } })
    const mixedCase = await patch<Problem>(
      tokens.sam,
      { id: c.id, version: 3 },
      { tags: { add: ['ok', 'Billing'] } },
    )
    const tooMany = await patch<Problem>(
      tokens.sam,
      { id: c.id, version: 3 },
      { tags: { add: Array.from({ length: 20 }, (_, i) => `t${i}`) } },
    )
    const byCustomer = await patch<Problem>(
      tokens.alice,
      { id: c.id, version: 3 },
      { tags: { add: ['mine'] } },
    )

    // Assert
    expect(added.status).toBe(200)
    expect(added.body.tags).toEqual([billing, vip].sort())
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ version: 2, tags: [billing, vip].sort() })
    expect(removed.body).toMatchObject({ version: 3, tags: [vip] })
    expect(mixedCase.status).toBe(400)
    expect(mixedCase.body.errors?.map((e) => e.pointer)).toEqual(['/tags/add/1'])
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.errors?.map((e) => e.pointer)).toEqual(['/tags/add'])
    expect(byCustomer.status).toBe(403)
  })

  it('customers never see tags: not in the case, the list, the history or their events; staff and the export do', async () => {
    // Arrange
    const c = await fileCase(tokens.alice)
    const secret = uniqueTag('secret')
    await tag(c, secret)

    // Act
    const forAlice = await api.request<CaseView>('GET', `/v1/cases/${c.id}`, { token: tokens.alice })
    const listForAdam = await list(tokens.adam, 'limit=100')
    const historyForAlice = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, {
      token: tokens.alice,
    })
    const historyForSam = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, {
      token: tokens.sam,
    })
    const day = c.createdAt.slice(0, 10)
    const exported = await fetch(`${api.url}/v1/cases/export?from=${day}&to=${day}`, {
      headers: { authorization: `Bearer ${tokens.root}` },
    })

    // Assert
    expect(forAlice.status).toBe(200)
    expect(forAlice.body).not.toHaveProperty('tags')
    expect(forAlice.body).not.toHaveProperty('labels')
    expect(JSON.stringify(listForAdam.body)).not.toContain(secret)
    expect(historyForAlice.body.items.map((e) => e.type)).toEqual(['case.created'])
    expect(historyForSam.body.items.at(-1)?.changes).toEqual([
      { field: 'tags', after: [secret], internal: true },
    ])
    const line = (await exported.text()).split('\n').find((l) => l.includes(c.id))
    expect(JSON.parse(line ?? '{}').tags).toEqual([secret])
    const feedOf = async (token: string) =>
      JSON.stringify(
        (await api.request<{ items: Envelope[] }>('GET', '/v1/events?limit=100', { token })).body.items,
      )
    const deadline = Date.now() + 10_000
    while (!(await feedOf(tokens.root)).includes(secret) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await feedOf(tokens.root)).toContain(secret)
    expect(await feedOf(tokens.adam)).not.toContain(secret)
  })

  it('lists staff the cases with a tag across accounts or in one, with a status filter, page by page', async () => {
    // Arrange: three acme cases and one globex case with the tag, one acme case without
    const label = uniqueTag('outage')
    const acme = [await fileCase(tokens.alice), await fileCase(tokens.alice), await fileCase(tokens.alice)]
    const globex = await fileCase(tokens.gina)
    await fileCase(tokens.alice)
    for (const c of [...acme, globex]) await tag(c, label)
    const acknowledged = await api.request('POST', `/v1/cases/${acme[0]?.id}/transitions`, {
      token: tokens.sam,
      body: { action: 'acknowledge' },
      headers: { 'if-match': '"2"' },
    })
    expect(acknowledged.status).toBe(200)

    // Act
    const all = await list(tokens.sam, `tag=${label}`)
    const ofAcme = await list(tokens.sam, `tag=${label}&accountId=acme`)
    const open = await list(tokens.sam, `tag=${label}&status=open`)
    const first = await list(tokens.sam, `tag=${label}&limit=3`)
    const second = await list(tokens.sam, `tag=${label}&limit=3&cursor=${first.body.nextCursor}`)
    const replayed = await list(tokens.sam, `tag=other&limit=3&cursor=${first.body.nextCursor}`)
    const byCustomer = await list(tokens.alice, `tag=${label}`)

    // Assert: newest first, as the unfiltered lists
    const newestFirst = [...acme, globex].map((c) => c.id).reverse()
    expect(all.body.items.map((c) => c.id)).toEqual(newestFirst)
    expect(all.body.items.every((c) => c.tags?.includes(label))).toBe(true)
    expect(ofAcme.body.items.map((c) => c.id)).toEqual(acme.map((c) => c.id).reverse())
    expect(open.body.items.map((c) => c.id)).toEqual([acme[0]?.id])
    expect(first.body.items.map((c) => c.id)).toEqual(newestFirst.slice(0, 3))
    expect(second.body).toEqual({
      items: [expect.objectContaining({ id: newestFirst[3] })],
      nextCursor: null,
    })
    expect(replayed.status).toBe(400)
    expect(byCustomer.status).toBe(403)
  })

  it('a queue list with a tag keeps the queue’s order: soonest deadline first', async () => {
    // Arrange: general inquiries go to the support queue; critical cases have the soonest deadline
    const label = uniqueTag('queue')
    const low = await fileCase(tokens.alice, { severity: 'low' })
    const critical = await fileCase(tokens.alice, { severity: 'critical', impact: 'Nobody can post.' })
    const standard = await fileCase(tokens.gina, { severity: 'standard' })
    await fileCase(tokens.alice, { severity: 'urgent', impact: 'Posting is slow.' })
    for (const c of [low, critical, standard]) await tag(c, label)

    // Act
    const tagged = await api.request<Page<CaseView>>('GET', `/v1/queues/support/cases?tag=${label}`, {
      token: tokens.sam,
    })
    const whole = await api.request<Page<CaseView>>('GET', '/v1/queues/support/cases?limit=100', {
      token: tokens.sam,
    })

    // Assert
    const ids = new Set([low.id, critical.id, standard.id])
    expect(tagged.status).toBe(200)
    expect(tagged.body.items.map((c) => c.id)).toEqual(
      whole.body.items.map((c) => c.id).filter((id) => ids.has(id)),
    )
    expect(tagged.body.items[0]?.id).toBe(critical.id)
  })

  it('filters by a custom field value: customers their own account’s cases, by visible fields only', async () => {
    // Arrange
    const mine = await fileCase(tokens.alice, { customFields: { region: 'emea' } })
    const theirs = await fileCase(tokens.gina, { customFields: { region: 'emea' } })
    const other = await fileCase(tokens.alice, { customFields: { region: 'apac' } })
    const blocked = await patch(tokens.sam, other, { customFields: { blocked: true, risk: 'emea' } })
    expect(blocked.status).toBe(200)

    // Act
    const forAlice = await list(tokens.alice, 'field=region:emea&limit=100')
    const forSam = await list(tokens.sam, 'field=region:emea&limit=100')
    const isBlocked = await list(tokens.sam, 'field=blocked:true&limit=100')
    const hidden = await list(tokens.alice, 'field=risk:emea')
    const hiddenForStaff = await list(tokens.sam, 'field=risk:emea&limit=100')
    const badValue = await list(tokens.alice, 'field=region:mars')
    const text = await list(tokens.sam, 'field=note:x')
    const both = await list(tokens.sam, 'field=region:emea&tag=vip')

    // Assert
    const ids = (page: typeof forAlice) => page.body.items.map((c) => c.id)
    expect(ids(forAlice)).toEqual([mine.id])
    expect(ids(forSam)).toEqual([theirs.id, mine.id])
    expect(ids(isBlocked)).toEqual([other.id])
    expect(ids(hiddenForStaff)).toEqual([other.id])
    for (const refused of [hidden, badValue, text, both]) {
      expect(refused.status).toBe(400)
      expect(refused.body.errors?.[0]).toMatchObject({ parameter: 'field' })
    }
    expect(hidden.body.errors?.[0]?.detail).toContain('no custom field you may filter by')
  })

  it('a closed case leaves its queue’s tag list but stays in the tag’s case list', async () => {
    // Arrange
    const label = uniqueTag('closing')
    const c = await tag(await fileCase(tokens.alice), label)
    const cancelled = await api.request('POST', `/v1/cases/${c.id}/transitions`, {
      token: tokens.alice,
      body: { action: 'cancel', reason: 'Found it.' },
      headers: { 'if-match': `"${c.version}"` },
    })
    expect(cancelled.status).toBe(200)

    // Act
    const queue = await api.request<Page<CaseView>>('GET', `/v1/queues/support/cases?tag=${label}`, {
      token: tokens.sam,
    })
    const cases = await list(tokens.sam, `tag=${label}`)

    // Assert
    expect(queue.body.items).toEqual([])
    expect(cases.body.items.map((x) => [x.id, x.status])).toEqual([[c.id, 'cancelled']])
  })
})
