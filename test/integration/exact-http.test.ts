import { beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { useLocalApi } from './local-api.ts'

const api = useLocalApi()

describe('conditional GETs through the local HTTP API', () => {
  let alice = ''
  let caseId = ''

  beforeAll(async () => {
    alice = await api.tokenFor('alice@acme.example')
    const created = await api.request<Case>('POST', '/v1/cases', {
      token: alice,
      body: {
        title: 'Reports load slowly',
        description: 'The monthly report takes minutes to open.',
        product: 'Caseline ERP',
      },
    })
    caseId = created.body.id
  })

  it('answers 304 without a body while the ETag sent as If-None-Match is current', async () => {
    // Arrange
    const read = await api.request<Case>('GET', `/v1/cases/${caseId}`, { token: alice })
    const etag = read.headers.get('etag') ?? ''

    // Act
    const again = await api.request('GET', `/v1/cases/${caseId}`, {
      token: alice,
      headers: { 'if-none-match': etag },
    })

    // Assert
    expect(again.status).toBe(304)
    expect(again.body).toBeUndefined()
    expect(again.headers.get('etag')).toBe(etag)
  })

  it('answers 304 to If-None-Match: * and to the weak form of the ETag', async () => {
    const star = await api.request('GET', `/v1/cases/${caseId}`, {
      token: alice,
      headers: { 'if-none-match': '*' },
    })
    const weak = await api.request('GET', `/v1/cases/${caseId}`, {
      token: alice,
      headers: { 'if-none-match': 'W/"1"' },
    })

    expect([star.status, weak.status]).toEqual([304, 304])
  })

  it('answers 200 with the case once it has changed', async () => {
    // Arrange
    const read = await api.request<Case>('GET', `/v1/cases/${caseId}`, { token: alice })
    const etag = read.headers.get('etag') ?? ''
    await api.request('PATCH', `/v1/cases/${caseId}`, {
      token: alice,
      headers: { 'if-match': etag },
      body: { title: 'Reports load very slowly' },
    })

    // Act
    const again = await api.request<Case>('GET', `/v1/cases/${caseId}`, {
      token: alice,
      headers: { 'if-none-match': etag },
    })

    // Assert
    expect(again.status).toBe(200)
    expect(again.body.title).toBe('Reports load very slowly')
    expect(again.headers.get('etag')).not.toBe(etag)
  })

  it('applies If-Match: * to the current version, and refuses a weak If-Match with 412', async () => {
    // Act
    const weak = await api.request<{ status: number }>('PATCH', `/v1/cases/${caseId}`, {
      token: alice,
      headers: { 'if-match': 'W/"2"' },
      body: { title: 'Reports take minutes' },
    })
    const star = await api.request<Case>('PATCH', `/v1/cases/${caseId}`, {
      token: alice,
      headers: { 'if-match': '*' },
      body: { title: 'Reports take minutes' },
    })

    // Assert
    expect(weak.status).toBe(412)
    expect(star.status).toBe(200)
    expect(star.body.title).toBe('Reports take minutes')
    expect(star.headers.get('etag')).toBe(`"${star.body.version}"`)
  })
})

describe('methods a path does not have, through the local HTTP API', () => {
  it('answers 405 with Allow and a problem document', async () => {
    // Act
    const response = await api.request<{ type: string; status: number }>('PUT', '/v1/cases/case-1')

    // Assert
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD, PATCH')
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(response.body).toMatchObject({ type: '/problems/method-not-allowed', status: 405 })
  })

  it('still answers 404 for a path no route has', async () => {
    const response = await api.request('GET', '/v1/nothing-here')

    expect(response.status).toBe(404)
  })
})

describe('HEAD through the local HTTP API', () => {
  it("answers with the GET's headers and no body", async () => {
    // Arrange
    const alice = await api.tokenFor('alice@acme.example')
    const list = await api.request('GET', '/v1/cases', { token: alice })

    // Act
    const response = await fetch(`${api.url}/v1/cases`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${alice}` },
    })

    // Assert
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(list.headers.get('content-type'))
    expect(response.headers.get('content-length')).toBe(list.headers.get('content-length'))
    expect(await response.text()).toBe('')
  })
})
