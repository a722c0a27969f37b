import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { WebhookView, WebhookWithSecretView } from '#src/http/schemas/webhooks.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

/** A public https URL: the guard resolves its host, so it must exist in DNS or be a public address literal. */
const publicUrl = (path: string) => `https://93.184.215.14/${path}-${randomUUID().slice(0, 8)}`

describe('webhook subscriptions, tried through the local server', () => {
  let root = ''
  let adam = ''
  let gina = ''

  beforeAll(async () => {
    root = await api.tokenFor('root@vendor.example')
    adam = await api.tokenFor('adam@acme.example')
    gina = await api.tokenFor('gina@globex.example')
  })

  /** Subscriptions to public URLs are made paused: the local runtime would otherwise POST events to them. */
  async function subscribe(token: string, body: Record<string, unknown>) {
    return api.request<WebhookWithSecretView>('POST', '/v1/webhooks', {
      token,
      body: { active: false, ...body },
    })
  }

  it('an admin and a customer admin subscribe; the secret is shown once, the view never has it', async () => {
    // Act
    const operator = await subscribe(root, { url: publicUrl('crm'), description: 'CRM sync' })
    const acme = await subscribe(adam, {
      url: publicUrl('itsm'),
      eventTypes: ['case.created', 'case.commented', 'contact.created'],
    })
    const read = await api.request<WebhookView>('GET', `/v1/webhooks/${acme.body.id}`, { token: adam })

    // Assert
    expect(operator.status).toBe(201)
    expect(operator.headers.get('location')).toBe(`${api.url}/v1/webhooks/${operator.body.id}`)
    expect(operator.headers.get('etag')).toBe('"1"')
    expect(operator.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(operator.body).not.toHaveProperty('accountId')
    expect(operator.body).toMatchObject({ active: false, description: 'CRM sync', version: 1 })
    expect(acme.status).toBe(201)
    expect(acme.body).toMatchObject({
      accountId: 'acme',
      eventTypes: ['case.created', 'case.commented', 'contact.created'],
    })
    expect(read.status).toBe(200)
    expect(read.body).not.toHaveProperty('secret')
    expect(JSON.stringify(read.body)).not.toContain(acme.body.secret)
    expect(read.body.secretCreatedAt).toBe(acme.body.createdAt)
  })

  it('a retry with the same Idempotency-Key creates one subscription and answers the same secret', async () => {
    const body = { url: publicUrl('retry'), active: false }
    const headers = { 'idempotency-key': randomUUID() }

    const first = await api.request<WebhookWithSecretView>('POST', '/v1/webhooks', {
      token: adam,
      body,
      headers,
    })
    const retry = await api.request<WebhookWithSecretView>('POST', '/v1/webhooks', {
      token: adam,
      body,
      headers,
    })

    expect([first.status, retry.status]).toEqual([201, 201])
    expect(retry.body).toMatchObject({ id: first.body.id, secret: first.body.secret })
  })

  it("a customer admin lists its account's subscriptions only; an admin sees every one", async () => {
    const operator = await subscribe(root, { url: publicUrl('list') })
    const acme = await subscribe(adam, { url: publicUrl('list') })

    const adams = await api.request<Page<WebhookView>>('GET', '/v1/webhooks?limit=100', { token: adam })
    const roots = await api.request<Page<WebhookView>>('GET', '/v1/webhooks?limit=100', { token: root })

    expect(adams.status).toBe(200)
    expect(adams.body.items.every((w) => w.accountId === 'acme')).toBe(true)
    expect(adams.body.items.map((w) => w.id)).toContain(acme.body.id)
    expect(adams.body.items.map((w) => w.id)).not.toContain(operator.body.id)
    expect(roots.body.items.map((w) => w.id)).toEqual(
      expect.arrayContaining([operator.body.id, acme.body.id]),
    )
    for (const item of roots.body.items) expect(item).not.toHaveProperty('secret')
  })

  it('lists page by page with a cursor', async () => {
    await subscribe(adam, { url: publicUrl('page') })
    await subscribe(adam, { url: publicUrl('page') })

    const first = await api.request<Page<WebhookView>>('GET', '/v1/webhooks?limit=1', { token: adam })
    const second = await api.request<Page<WebhookView>>(
      'GET',
      `/v1/webhooks?limit=1&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      { token: adam },
    )

    expect(first.body.items).toHaveLength(1)
    expect(first.body.nextCursor).not.toBeNull()
    expect(second.status).toBe(200)
    expect(second.body.items[0]?.id).not.toBe(first.body.items[0]?.id)
  })

  it("adam gets 404 for the operator's subscription, whatever he tries, and learns nothing of it", async () => {
    const operator = await subscribe(root, { url: publicUrl('secret-crm') })
    const path = `/v1/webhooks/${operator.body.id}`

    const attempts = [
      await api.request<Problem>('GET', path, { token: adam }),
      await api.request<Problem>('PATCH', path, { token: adam, body: { active: false } }),
      await api.request<Problem>('POST', `${path}/rotate-secret`, { token: adam }),
      await api.request<Problem>('DELETE', path, { token: adam }),
    ]

    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404])
    for (const reply of attempts) expect(JSON.stringify(reply.body)).not.toContain(operator.body.url)
    const still = await api.request<WebhookView>('GET', path, { token: root })
    expect(still.body).toMatchObject({ active: false, version: 1 })
  })

  it('gina, a plain customer, may neither list nor subscribe (403)', async () => {
    const listed = await api.request<Problem>('GET', '/v1/webhooks', { token: gina })
    const created = await subscribe(gina, { url: publicUrl('gina') })

    expect([listed.status, created.status]).toEqual([403, 403])
    expect(listed.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  })

  it('a customer admin may not subscribe to a staff-only event type (400 pointing at it)', async () => {
    const refused = await api.request<Problem>('POST', '/v1/webhooks', {
      token: adam,
      body: { url: publicUrl('notes'), eventTypes: ['case.created', 'case.note_added'] },
    })

    expect(refused.status).toBe(400)
    expect(refused.body.errors).toEqual([
      { pointer: '/eventTypes/1', detail: 'case.note_added is for vendor staff only' },
    ])
  })

  it.each([
    ['https://10.0.0.1/hook', 'private address 10.0.0.1'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local address 169.254.169.254'],
    ['http://example.com/hook', 'it must use https'],
  ])('refuses %s, naming the rule (400)', async (url, rule) => {
    const refused = await api.request<Problem>('POST', '/v1/webhooks', { token: root, body: { url } })

    expect(refused.status).toBe(400)
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(refused.body.errors?.[0]?.pointer).toBe('/url')
    expect(refused.body.errors?.[0]?.detail).toContain(rule)
  })

  it('accepts plain http to a loopback receiver in the local runtime, active unless told otherwise', async () => {
    const port = new URL(api.url).port

    const created = await api.request<WebhookWithSecretView>('POST', '/v1/webhooks', {
      token: adam,
      body: { url: `http://127.0.0.1:${port}/receiver` },
    })
    const deleted = await api.request('DELETE', `/v1/webhooks/${created.body.id}`, { token: adam })

    expect(created.status).toBe(201)
    expect(created.body.active).toBe(true)
    expect(deleted.status).toBe(204)
  })

  it('changes, rotates and deletes a subscription', async () => {
    // Arrange
    const created = await subscribe(adam, { url: publicUrl('life'), eventTypes: ['case.created'] })
    const path = `/v1/webhooks/${created.body.id}`

    // Act
    const stale = await api.request<Problem>('PATCH', path, {
      token: adam,
      body: { active: false },
      headers: { 'if-match': '"7"' },
    })
    const changed = await api.request<WebhookView>('PATCH', path, {
      token: adam,
      body: { eventTypes: null, description: 'all types' },
      headers: { 'if-match': '"1"' },
    })
    const ssrf = await api.request<Problem>('PATCH', path, {
      token: adam,
      body: { url: 'https://10.0.0.1/' },
    })
    const rotated = await api.request<WebhookWithSecretView>('POST', `${path}/rotate-secret`, { token: adam })
    const afterRotation = await api.request<WebhookView>('GET', path, { token: adam })
    const deleted = await api.request('DELETE', path, { token: adam })
    const gone = await api.request<Problem>('GET', path, { token: adam })

    // Assert
    expect(stale.status).toBe(412)
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).toBe('"2"')
    expect(changed.body).toMatchObject({ description: 'all types', version: 2 })
    expect(changed.body).not.toHaveProperty('eventTypes')
    expect(ssrf.status).toBe(400)
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(created.body.secret)
    expect(rotated.body.version).toBe(3)
    const overlapEnd = Date.parse(rotated.body.secretCreatedAt) + 24 * 3_600_000
    expect(afterRotation.body.previousSecretValidUntil).toBe(new Date(overlapEnd).toISOString())
    expect(JSON.stringify(afterRotation.body)).not.toContain(rotated.body.secret)
    expect(deleted.status).toBe(204)
    expect(gone.status).toBe(404)
  })
})
