import { beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { docsAssets } from '#src/http/docs-routes.ts'
import { routeList } from '#src/http/routes.ts'
import { type Page, useLocalApi } from './local-api.ts'
import { documentViolations, type OpenApiDocument, ResponseValidator } from './response-validator.ts'

const api = useLocalApi()

describe('the API reference', () => {
  let document: OpenApiDocument
  let validator: ResponseValidator

  beforeAll(async () => {
    const response = await api.request<OpenApiDocument>('GET', '/openapi.json')
    document = response.body
    validator = new ResponseValidator(document)
  })

  it('serves an OpenAPI 3.1 document that lists every route of the route table', async () => {
    // Act
    const response = await api.request<OpenApiDocument>('GET', '/openapi.json')

    // Assert
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.body.openapi).toBe('3.1.0')
    expect(response.body.servers[0]?.url).toBe(api.url)
    for (const route of routeList) {
      const operation = response.body.paths[route.path]?.[route.method.toLowerCase()]
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId)
    }
  })

  it('serves the rendered reference at /docs, and its assets with their media types', async () => {
    // Act
    const page = await fetch(`${api.url}/docs`)
    const html = await page.text()
    const assets = await Promise.all(
      Object.keys(docsAssets).map(async (file) => {
        const response = await fetch(`${api.url}/docs/assets/${file}`)
        return {
          file,
          status: response.status,
          type: response.headers.get('content-type'),
          size: (await response.text()).length,
        }
      }),
    )
    const notAllowed = await fetch(`${api.url}/docs/assets/index.html`)

    // Assert
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(html).toContain('docs/assets/swagger-ui-bundle.js')
    expect(assets).toEqual([
      {
        file: 'swagger-ui-bundle.js',
        status: 200,
        type: 'text/javascript; charset=utf-8',
        size: expect.any(Number),
      },
      { file: 'swagger-ui.css', status: 200, type: 'text/css; charset=utf-8', size: expect.any(Number) },
    ])
    expect(Math.min(...assets.map((asset) => asset.size))).toBeGreaterThan(10_000)
    expect(notAllowed.status).toBe(400)
  })

  it('describes what the API answers: create, read, list and transition a case, and a problem', async () => {
    // Arrange
    const alice = await api.tokenFor('alice@acme.example')
    const sam = await api.tokenFor('sam@vendor.example')
    const gina = await api.tokenFor('gina@globex.example')

    // Act
    const created = await api.request<Case>('POST', '/v1/cases', {
      token: alice,
      headers: { 'idempotency-key': crypto.randomUUID() },
      body: {
        title: 'Dunning run stops',
        description: 'The dunning run stops at the first vendor.',
        product: 'Caseline ERP',
        severity: 'urgent',
        impact: 'No reminders go out this month.',
      },
    })
    const caseId = created.body.id
    const read = await api.request('GET', `/v1/cases/${caseId}`, { token: alice })
    const list = await api.request<Page<Case>>('GET', '/v1/cases?limit=5', { token: alice })
    const acknowledged = await api.request('POST', `/v1/cases/${caseId}/transitions`, {
      token: sam,
      body: { action: 'acknowledge', message: 'We are on it.' },
    })
    const history = await api.request('GET', `/v1/cases/${caseId}/history`, { token: alice })
    const hidden = await api.request('GET', `/v1/cases/${caseId}`, { token: gina })
    const invalid = await api.request('POST', '/v1/cases', { token: alice, body: { title: '' } })

    // Assert
    const answers = [
      ['createCase', created, 201],
      ['getCase', read, 200],
      ['listCases', list, 200],
      ['transitionCase', acknowledged, 200],
      ['listHistory', history, 200],
      ['getCase', hidden, 404],
      ['createCase', invalid, 400],
    ] as const
    for (const [operationId, response, status] of answers) {
      expect(response.status, operationId).toBe(status)
      expect(validator.errors(operationId, response), `${operationId} ${status}`).toEqual([])
    }
    expect(list.body.items.length).toBeGreaterThan(0)
    expect(read.headers.get('etag')).toBe('"1"')
    expect(hidden.headers.get('content-type')).toBe('application/problem+json')
  })

  it('checks every journey of every file: an answer that breaks the document is named, local routes pass', () => {
    // Arrange
    const json = new Headers({ 'content-type': 'application/json' })
    const broken = { status: 200, headers: json, body: { id: 'x' } }

    // Act
    const caseViolations = documentViolations('GET', '/v1/cases/x?fields=all', broken)
    const undocumented = documentViolations('GET', '/v1/cases/x', { ...broken, status: 418 })
    const local = documentViolations('POST', '/local/token', broken)

    // Assert
    expect(caseViolations).toEqual([expect.stringContaining('GET /v1/cases/x?fields=all → 200 (getCase)')])
    expect(undocumented).toEqual([expect.stringContaining('getCase documents no 418 response')])
    expect(local).toEqual([])
  })

  it('would notice a body that breaks the documented schema', () => {
    // Arrange: a case without its required fields
    const broken = {
      status: 200,
      headers: new Headers({ 'content-type': 'application/json' }),
      body: { id: 'x' },
    }

    // Act
    const errors = validator.errors('getCase', broken)

    // Assert
    expect(errors.length).toBeGreaterThan(0)
  })
})
