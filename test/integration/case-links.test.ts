import { beforeAll, describe, expect, it } from 'vitest'
import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

describe('case links through the local runtime', () => {
  let alice = ''
  let gina = ''
  let sam = ''

  const links = (caseId: string, path = '') => `/v1/cases/${caseId}/links${path}`

  async function listLinks(caseId: string, token: string) {
    return api.request<Page<CaseLink>>('GET', links(caseId), { token })
  }

  async function history(caseId: string, token: string): Promise<CaseEvent[]> {
    const read = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${caseId}/history?limit=100`, { token })
    expect(read.status).toBe(200)
    return read.body.items
  }

  beforeAll(async () => {
    alice = await api.tokenFor('alice@acme.example')
    gina = await api.tokenFor('gina@globex.example')
    sam = await api.tokenFor('sam@vendor.example')
  })

  it('links a duplicate to its original: both list it, the original as has_duplicate, both histories record it', async () => {
    // Arrange
    const original = await api.fileCase(alice, 'Dunning run stops')
    const duplicate = await api.fileCase(alice, 'Dunning run stops (by mail)')

    // Act
    const created = await api.request<CaseLink>('POST', links(duplicate.id), {
      token: sam,
      body: { kind: 'duplicate_of', caseId: original.id },
    })

    // Assert
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      caseId: duplicate.id,
      kind: 'duplicate_of',
      linkedCaseId: original.id,
      linkedCaseNumber: original.number,
      linkedAccountId: 'acme',
      createdBy: expect.any(String),
    })
    const fromOriginal = await listLinks(original.id, alice)
    expect(fromOriginal.status).toBe(200)
    expect(fromOriginal.body).toEqual({
      items: [
        expect.objectContaining({
          id: created.body.id,
          kind: 'has_duplicate',
          linkedCaseId: duplicate.id,
          linkedCaseNumber: duplicate.number,
        }),
      ],
      nextCursor: null,
    })
    expect((await listLinks(duplicate.id, alice)).body.items).toEqual([created.body])
    for (const [c, kind] of [
      [duplicate, 'duplicate_of'],
      [original, 'has_duplicate'],
    ] as const) {
      const linked = (await history(c.id, alice)).filter((e) => e.type === 'case.linked')
      expect(linked).toEqual([
        expect.objectContaining({
          action: 'link',
          visibility: 'public',
          details: expect.objectContaining({ kind }),
        }),
      ])
    }
    // Each case's followers learn of it: one case.linked per case on the bus, the kind as that case sees it.
    const onBus = await api.request<
      { detail: { caseId: string; data: { link: { id: string; kind: string } } } }[]
    >('GET', '/local/events?type=case.linked&limit=1000')
    const published = onBus.body
      .filter((event) => event.detail.data.link.id === created.body.id)
      .map((event) => [event.detail.caseId, event.detail.data.link.kind])
    expect(published.sort()).toEqual(
      [
        [duplicate.id, 'duplicate_of'],
        [original.id, 'has_duplicate'],
      ].sort(),
    )
    // Alice reads the original's in her account's change feed.
    const feed = await api.request<{ items: { type: string; caseId: string }[] }>(
      'GET',
      `/v1/events?type=case.linked&caseId=${original.id}`,
      { token: alice },
    )
    expect(feed.status).toBe(200)
    expect(feed.body.items.map((e) => e.type)).toEqual(['case.linked'])
  })

  it('refuses a second link of the same pair (409), a self-link and a missing case (400 at /caseId), and customers (403)', async () => {
    // Arrange
    const one = await api.fileCase(alice, 'Export empty')
    const two = await api.fileCase(alice, 'Export still empty')
    const first = await api.request('POST', links(one.id), {
      token: sam,
      body: { kind: 'relates_to', caseId: two.id },
    })
    expect(first.status).toBe(201)

    // Act
    const again = await api.request<Problem>('POST', links(two.id), {
      token: sam,
      body: { kind: 'caused_by', caseId: one.id },
    })
    const self = await api.request<Problem>('POST', links(one.id), {
      token: sam,
      body: { kind: 'relates_to', caseId: one.id },
    })
    const missing = await api.request<Problem>('POST', links(one.id), {
      token: sam,
      body: { kind: 'relates_to', caseId: 'no-such-case' },
    })
    const byCustomer = await api.request<Problem>('POST', links(one.id), {
      token: alice,
      body: { kind: 'relates_to', caseId: two.id },
    })
    const badKind = await api.request<Problem>('POST', links(one.id), {
      token: sam,
      body: { kind: 'blocks', caseId: two.id },
    })

    // Assert
    expect(again.status).toBe(409)
    expect(again.body.detail).toMatch(/already linked/)
    expect(self.status).toBe(400)
    expect(self.body.errors).toEqual([expect.objectContaining({ pointer: '/caseId' })])
    expect(missing.status).toBe(400)
    expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: '/caseId' })])
    expect(byCustomer.status).toBe(403)
    expect(badKind.status).toBe(400)
    expect(badKind.body.errors).toEqual([expect.objectContaining({ pointer: '/kind' })])
    expect((await listLinks(one.id, sam)).body.items).toHaveLength(1)
  })

  it("links across accounts for staff only: customers see neither the link nor its history, and another account's case is 404", async () => {
    // Arrange
    const acmeCase = await api.fileCase(alice, 'Outage after update')
    const globexCase = await api.fileCase(gina, 'Outage after update, too')

    // Act
    const created = await api.request<CaseLink>('POST', links(acmeCase.id), {
      token: sam,
      body: { kind: 'caused_by', caseId: globexCase.id },
    })

    // Assert
    expect(created.status).toBe(201)
    expect((await listLinks(acmeCase.id, sam)).body.items.map((l) => l.kind)).toEqual(['caused_by'])
    expect((await listLinks(globexCase.id, sam)).body.items.map((l) => l.kind)).toEqual(['causes'])
    for (const [c, token, other] of [
      [acmeCase, alice, globexCase],
      [globexCase, gina, acmeCase],
    ] as const) {
      const listed = await listLinks(c.id, token)
      expect(listed.status).toBe(200)
      expect(listed.body.items).toEqual([])
      expect(JSON.stringify(listed.body)).not.toContain(other.id)
      const events = await history(c.id, token)
      expect(events.some((e) => e.type === 'case.linked')).toBe(false)
      expect(JSON.stringify(events)).not.toContain(other.id)
      expect((await history(c.id, sam)).filter((e) => e.type === 'case.linked')).toEqual([
        expect.objectContaining({ visibility: 'internal' }),
      ])
    }
    const foreign = await listLinks(globexCase.id, alice)
    expect(foreign.status).toBe(404)
    expect(JSON.stringify(foreign.body)).not.toContain(acmeCase.id)
  })

  it('removes a link from either case: both stop listing it, both histories record it, a second removal is 404', async () => {
    // Arrange
    const one = await api.fileCase(alice, 'Login slow')
    const two = await api.fileCase(alice, 'Reports slow')
    const created = await api.request<CaseLink>('POST', links(one.id), {
      token: sam,
      body: { kind: 'caused_by', caseId: two.id },
    })

    // Act
    const byCustomer = await api.request<Problem>('DELETE', links(two.id, `/${created.body.id}`), {
      token: alice,
    })
    const removed = await api.request<CaseLink>('DELETE', links(two.id, `/${created.body.id}`), {
      token: sam,
    })
    const again = await api.request<Problem>('DELETE', links(one.id, `/${created.body.id}`), { token: sam })

    // Assert
    expect(byCustomer.status).toBe(403)
    expect(removed.status).toBe(200)
    expect(removed.body).toMatchObject({ id: created.body.id, caseId: two.id, kind: 'causes' })
    expect(again.status).toBe(404)
    expect((await listLinks(one.id, sam)).body.items).toEqual([])
    expect((await listLinks(two.id, sam)).body.items).toEqual([])
    for (const c of [one, two]) {
      const unlinked = (await history(c.id, alice)).filter((e) => e.type === 'case.unlinked')
      expect(unlinked).toEqual([expect.objectContaining({ action: 'unlink', visibility: 'public' })])
    }
  })

  it('pages a case with many links with a signed cursor', async () => {
    // Arrange
    const hub = await api.fileCase(alice, 'Hub case')
    for (let i = 0; i < 3; i++) {
      const spoke = await api.fileCase(alice, `Spoke ${i}`)
      const linked = await api.request('POST', links(hub.id), {
        token: sam,
        body: { kind: 'relates_to', caseId: spoke.id },
      })
      expect(linked.status).toBe(201)
    }

    // Act
    const first = await api.request<Page<CaseLink>>('GET', `${links(hub.id)}?limit=2`, { token: alice })
    const second = await api.request<Page<CaseLink>>(
      'GET',
      `${links(hub.id)}?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      { token: alice },
    )
    const replayedByStaff = await api.request<Problem>(
      'GET',
      `${links(hub.id)}?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      { token: sam },
    )

    // Assert
    expect(first.body.items).toHaveLength(2)
    expect(second.body.items).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
    expect(new Set([...first.body.items, ...second.body.items].map((l) => l.id)).size).toBe(3)
    expect(replayedByStaff.status).toBe(400)
  })
})
