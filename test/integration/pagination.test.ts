import { beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { type Page, useLocalApi } from './local-api.ts'

type CaseList = Page<Case>

const api = useLocalApi()

describe('case lists page through a signed cursor', () => {
  let alice = ''
  let gina = ''
  let sam = ''
  const acmeIds: string[] = []

  beforeAll(async () => {
    alice = await api.tokenFor('alice@acme.example')
    gina = await api.tokenFor('gina@globex.example')
    sam = await api.tokenFor('sam@vendor.example')
    // This file's table starts empty: these are the only cases there are.
    for (let i = 0; i < 30; i++) {
      const created = await api.request<Case>('POST', '/v1/cases', {
        token: alice,
        body: {
          title: `Case ${i}`,
          description: 'Paging test',
          product: 'Caseline ERP',
          severity: i % 3 === 0 ? 'low' : 'standard',
        },
      })
      acmeIds.push(created.body.id)
    }
    await api.request('POST', '/v1/cases', {
      token: gina,
      body: { title: 'globex', description: 'x', product: 'P' },
    })
  })

  async function allPages(token: string, query: string): Promise<CaseList[]> {
    const pages: CaseList[] = []
    let cursor: string | null = null
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      const response = await api.request<CaseList>('GET', `/v1/cases?${query}${suffix}`, { token })
      expect(response.status).toBe(200)
      pages.push(response.body)
      cursor = response.body.nextCursor
    } while (cursor && pages.length < 20)
    return pages
  }

  it('splits 30 cases into exactly 3 pages of 10, newest first, without duplicates', async () => {
    const pages = await allPages(alice, 'limit=10')
    const ids = pages.flatMap((p) => p.items.map((c) => c.id))
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10])
    expect(pages.at(-1)?.nextCursor).toBeNull()
    expect(new Set(ids).size).toBe(30)
    expect(ids).toEqual([...acmeIds].reverse())
  })

  it('pages a filtered list exactly too', async () => {
    const pages = await allPages(alice, 'limit=4&severity=low')
    expect(pages.map((p) => p.items.length)).toEqual([4, 4, 2])
    expect(pages.flatMap((p) => p.items).every((c) => c.severity === 'low')).toBe(true)
  })

  it('pages all accounts for staff, across the monthly timeline', async () => {
    const pages = await allPages(sam, 'limit=25')
    const items = pages.flatMap((p) => p.items)
    expect(pages.map((p) => p.items.length)).toEqual([25, 6])
    expect(new Set(items.map((c) => c.accountId))).toEqual(new Set(['acme', 'globex']))
  })

  it('defaults to 25 items per page', async () => {
    const page = await api.request<CaseList>('GET', '/v1/cases', { token: alice })
    expect(page.body.items).toHaveLength(25)
    expect(page.body.nextCursor).not.toBeNull()
  })

  it('refuses a tampered cursor, and a cursor replayed by another account or with other filters', async () => {
    // Arrange
    const first = await api.request<CaseList>('GET', '/v1/cases?limit=10', { token: alice })
    const cursor = first.body.nextCursor as string
    const [payload, signature] = cursor.split('.') as [string, string]
    const position = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const forgedPayload = Buffer.from(JSON.stringify({ ...position, partition: 'ACCOUNT#globex' })).toString(
      'base64url',
    )

    // Act
    const tampered = await api.request('GET', `/v1/cases?limit=10&cursor=${forgedPayload}.${signature}`, {
      token: alice,
    })
    const otherAccount = await api.request('GET', `/v1/cases?limit=10&cursor=${cursor}`, { token: gina })
    const otherFilter = await api.request('GET', `/v1/cases?limit=10&status=new&cursor=${cursor}`, {
      token: alice,
    })
    const fine = await api.request('GET', `/v1/cases?limit=10&cursor=${cursor}`, { token: alice })

    // Assert
    expect([tampered.status, otherAccount.status, otherFilter.status]).toEqual([400, 400, 400])
    expect(fine.status).toBe(200)
  })

  it('rejects limits outside 1..100', async () => {
    const zero = await api.request('GET', '/v1/cases?limit=0', { token: alice })
    const tooMany = await api.request('GET', '/v1/cases?limit=101', { token: alice })
    const notANumber = await api.request('GET', '/v1/cases?limit=ten', { token: alice })
    expect([zero.status, tooMany.status, notANumber.status]).toEqual([400, 400, 400])
  })
})
