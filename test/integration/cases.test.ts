import { beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

type CaseList = Page<Case>

const api = useLocalApi()

const newCase = (overrides: Record<string, unknown> = {}) => ({
  title: 'Invoices are not exported',
  description: 'Since this morning the nightly invoice export produces an empty file.',
  product: 'Caseline ERP',
  ...overrides,
})

describe('cases through the local HTTP API', () => {
  let alice = ''
  let adam = ''
  let gina = ''
  let sam = ''

  beforeAll(async () => {
    alice = await api.tokenFor('alice@acme.example')
    adam = await api.tokenFor('adam@acme.example')
    gina = await api.tokenFor('gina@globex.example')
    sam = await api.tokenFor('sam@vendor.example')
  })

  it('files a case for the caller with the documented defaults and reads it back', async () => {
    // Act
    const created = await api.request<Case>('POST', '/v1/cases', { token: alice, body: newCase() })
    const read = await api.request<Case>('GET', `/v1/cases/${created.body.id}`, { token: alice })

    // Assert
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`${api.url}/v1/cases/${created.body.id}`)
    expect(created.body).toMatchObject({
      accountId: 'acme',
      type: 'general_inquiry',
      severity: 'standard',
      priority: 'normal',
      status: 'new',
      version: 1,
      product: 'Caseline ERP',
    })
    expect(created.body.number).toMatch(/^CS-\d+$/)
    expect(read.status).toBe(200)
    expect(read.headers.get('etag')).toBe('"1"')
    expect(read.body).toEqual(created.body)
  })

  it('gives every case a different number', async () => {
    const created = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.request<Case>('POST', '/v1/cases', { token: adam, body: newCase() }),
      ),
    )
    const numbers = new Set(created.map((r) => r.body.number))
    expect(created.every((r) => r.status === 201)).toBe(true)
    expect(numbers.size).toBe(8)
  })

  it('never shows another account its cases: 404 by id, absent from lists', async () => {
    // Arrange
    const acmeCase = await api.request<Case>('POST', '/v1/cases', {
      token: alice,
      body: newCase({ title: 'acme only' }),
    })

    // Act
    const read = await api.request<Problem>('GET', `/v1/cases/${acmeCase.body.id}`, { token: gina })
    const list = await api.request<CaseList>('GET', '/v1/cases?limit=100', { token: gina })

    // Assert
    expect(read.status).toBe(404)
    expect(read.headers.get('content-type')).toContain('application/problem+json')
    expect(JSON.stringify(read.body)).not.toContain('acme only')
    expect(list.status).toBe(200)
    expect(list.body.items.every((c) => c.accountId === 'globex')).toBe(true)
    expect(list.body.items.map((c) => c.id)).not.toContain(acmeCase.body.id)
  })

  it('answers an unknown case id with the same 404 as a foreign one', async () => {
    const response = await api.request<Problem>('GET', '/v1/cases/does-not-exist', { token: gina })
    expect(response.status).toBe(404)
    expect(response.body.type).toBe('/problems/not-found')
  })

  it('lets staff read every account’s cases', async () => {
    const globexCase = await api.request<Case>('POST', '/v1/cases', { token: gina, body: newCase() })
    const read = await api.request<Case>('GET', `/v1/cases/${globexCase.body.id}`, { token: sam })
    expect(read.status).toBe(200)
    expect(read.body.accountId).toBe('globex')
  })

  it('refuses a critical case without impact with a problem pointing at /impact', async () => {
    const response = await api.request<Problem>('POST', '/v1/cases', {
      token: alice,
      body: newCase({ severity: 'critical' }),
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    expect(response.body.errors?.map((e) => e.pointer)).toEqual(['/impact'])
  })

  it('accepts an urgent case with its impact and gives it high priority', async () => {
    const response = await api.request<Case>('POST', '/v1/cases', {
      token: alice,
      body: newCase({ severity: 'urgent', impact: 'Month-end closing is blocked for 40 accountants.' }),
    })
    expect(response.status).toBe(201)
    expect(response.body.priority).toBe('high')
  })

  it('requires a product', async () => {
    const { product: _omitted, ...withoutProduct } = newCase()
    const response = await api.request<Problem>('POST', '/v1/cases', { token: alice, body: withoutProduct })
    expect(response.status).toBe(400)
    expect(response.body.errors?.map((e) => e.pointer)).toEqual(['/product'])
  })

  it('rejects unknown fields and malformed JSON with 400, never 5xx', async () => {
    const unknownField = await api.request<Problem>('POST', '/v1/cases', {
      token: alice,
      body: newCase({ pk: 'x' }),
    })
    const malformed = await api.request<Problem>('POST', '/v1/cases', {
      token: alice,
      rawBody: '{"title": ',
      headers: { 'content-type': 'application/json' },
    })
    expect(unknownField.status).toBe(400)
    expect(unknownField.body.errors?.map((e) => e.pointer)).toEqual(['/pk'])
    expect(malformed.status).toBe(400)
    expect(malformed.body.detail).toMatch(/not valid JSON/)
  })

  it('lets a contact file a case on behalf of a colleague of the same account', async () => {
    const adamsContactId = (await api.request<Case>('POST', '/v1/cases', { token: adam, body: newCase() }))
      .body.contactId
    const response = await api.request<Case>('POST', '/v1/cases', {
      token: alice,
      body: newCase({ contactId: adamsContactId }),
    })
    expect(response.status).toBe(201)
    expect(response.body.contactId).toBe(adamsContactId)
    expect(response.body.createdBy).not.toBe(adamsContactId)
  })

  it('refuses a contact of another account as the case contact', async () => {
    const ginasContactId = (await api.request<Case>('POST', '/v1/cases', { token: gina, body: newCase() }))
      .body.contactId
    const response = await api.request<Problem>('POST', '/v1/cases', {
      token: alice,
      body: newCase({ contactId: ginasContactId }),
    })
    expect(response.status).toBe(400)
    expect(response.body.errors?.map((e) => e.pointer)).toEqual(['/contactId'])
  })

  it('has staff file on behalf of a named contact, in that contact’s account', async () => {
    const ginasContactId = (await api.request<Case>('POST', '/v1/cases', { token: gina, body: newCase() }))
      .body.contactId
    const withoutContact = await api.request<Problem>('POST', '/v1/cases', { token: sam, body: newCase() })
    const onBehalf = await api.request<Case>('POST', '/v1/cases', {
      token: sam,
      body: newCase({ contactId: ginasContactId, priority: 'high' }),
    })
    expect(withoutContact.status).toBe(400)
    expect(withoutContact.body.errors?.map((e) => e.pointer)).toEqual(['/contactId'])
    expect(onBehalf.status).toBe(201)
    expect(onBehalf.body).toMatchObject({ accountId: 'globex', contactId: ginasContactId, priority: 'high' })
  })

  it('filters lists by status and severity', async () => {
    await api.request('POST', '/v1/cases', { token: gina, body: newCase({ severity: 'low' }) })
    const low = await api.request<CaseList>('GET', '/v1/cases?severity=low&status=new', { token: gina })
    const none = await api.request<CaseList>('GET', '/v1/cases?status=closed', { token: gina })
    const invalid = await api.request<Problem>('GET', '/v1/cases?status=finished', { token: gina })
    expect(low.body.items.length).toBeGreaterThan(0)
    expect(low.body.items.every((c) => c.severity === 'low' && c.status === 'new')).toBe(true)
    expect(none.body).toEqual({ items: [], nextCursor: null })
    expect(invalid.status).toBe(400)
    expect(invalid.body.errors?.map((e) => e.parameter)).toEqual(['status'])
  })
})

describe('authentication and routing', () => {
  it('answers 401 without a token and with a forged one', async () => {
    const missing = await api.request<Problem>('GET', '/v1/cases')
    const forged = await api.request<Problem>('GET', '/v1/cases', {
      token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    })
    expect(missing.status).toBe(401)
    expect(missing.body.type).toBe('/problems/unauthorized')
    expect(forged.status).toBe(401)
  })

  it('answers 404 for an unknown user at /local/token and an unknown route, 405 for a known path', async () => {
    const token = await api.request<Problem>('POST', '/local/token', {
      body: { email: 'nobody@example.com' },
    })
    const route = await api.request<Problem>('GET', '/v1/nothing-here')
    const method = await api.request<Problem>('DELETE', '/v1/cases')
    expect(token.status).toBe(404)
    expect(route.status).toBe(404)
    expect(route.headers.get('content-type')).toContain('application/problem+json')
    expect(method.status).toBe(405)
    expect(method.headers.get('allow')).toBe('GET, HEAD, POST')
  })

  it('reports healthy once started', async () => {
    const health = await api.request<{ status: string }>('GET', '/health')
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } })
  })
})

describe('browser clients', () => {
  it('answers a CORS preflight with the API’s allowed headers', async () => {
    const response = await fetch(`${api.url}/v1/cases`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization')
  })

  it('lets a browser read ETag and Location from a real response', async () => {
    const token = await api.tokenFor('alice@acme.example')
    const response = await api.request('POST', '/v1/cases', {
      token,
      headers: { origin: 'http://localhost:5173' },
      body: newCase(),
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('access-control-expose-headers')).toContain('etag')
  })
})
