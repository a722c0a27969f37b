import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRouter } from '#local/router.ts'
import { emptyCounters } from '#src/domain/metrics/case-metrics.ts'
import { buildReport } from '#src/domain/metrics/report.ts'
import { type HttpResult, httpHandler } from '#src/http/http-handler.ts'
import { buildOpenApiDocument } from '#src/http/openapi.ts'
import { routeList, routes } from '#src/http/routes.ts'
import { ExportCasesQuery, MetricsQuery } from '#src/http/schemas/metrics.ts'
import { aCase } from '../fakes/core.ts'
import { httpEvent, lambdaContext } from '../http/events.ts'

const managerClaims = {
  sub: 'maria',
  email: 'maria@vendor.example',
  'cognito:groups': '[manager]',
  iss: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_test',
  iat: '1795600000',
  exp: '1795603600',
}

const exportEvent = (query: Record<string, string> = { from: '2026-11-01', to: '2026-11-30' }) =>
  httpEvent({ method: 'GET', path: '/v1/cases/export', claims: managerClaims, query })

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('an NDJSON route (the case export)', () => {
  it('answers application/x-ndjson, one case per line, each through the response schema', async () => {
    // Arrange: what serve returns carries storage keys; the schema strips them.
    const handler = httpHandler(routes.exportCases, async () => ({
      body: [
        { ...aCase({ id: 'c1' }), pk: 'CASE#c1', gsi3pk: 'CASEMONTH#2026-11' },
        aCase({ id: 'c2', title: 'Line\nbreak in the title' }),
      ],
      headers: { 'x-next-cursor': 'next' },
    }))

    // Act
    const result = (await handler(exportEvent(), lambdaContext)) as HttpResult

    // Assert
    expect(result.statusCode).toBe(200)
    expect(result.headers).toMatchObject({ 'content-type': 'application/x-ndjson', 'x-next-cursor': 'next' })
    const lines = (result.body ?? '').split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(JSON.parse(lines[0] ?? '')).toEqual(aCase({ id: 'c1' }))
    expect(JSON.parse(lines[1] ?? '').title).toBe('Line\nbreak in the title')
  })

  it('answers an empty page with an empty body', async () => {
    const handler = httpHandler(routes.exportCases, async () => ({ body: [] }))

    const result = (await handler(exportEvent(), lambdaContext)) as HttpResult

    expect(result.body).toBe('')
  })

  it('answers errors as problem documents, like any route', async () => {
    const handler = httpHandler(routes.exportCases, async () => ({ body: [] }))

    const result = (await handler(
      exportEvent({ from: '2026-11-30', to: '2026-11-01' }),
      lambdaContext,
    )) as HttpResult

    expect(result.statusCode).toBe(400)
    expect(result.headers?.['content-type']).toBe('application/problem+json')
  })
})

describe('the metrics route', () => {
  it('answers every summary’s four SLA targets through the response schema, zeros included', async () => {
    // Arrange
    const report = buildReport({
      from: '2026-11-01',
      to: '2026-11-30',
      accountId: null,
      days: [
        {
          day: '2026-11-02',
          severity: 'urgent',
          counters: {
            ...emptyCounters(),
            slaTargets: { next_reply: { met: 1, breached: 1, businessMinutes: { 10: 1, 20: 1 } } },
          },
        },
      ],
      openAtEnd: { critical: 0, urgent: 0, standard: 0, low: 0 },
    })
    const handler = httpHandler(routes.getMetrics, async () => ({ body: report }))
    const event = httpEvent({
      method: 'GET',
      path: '/v1/metrics',
      claims: managerClaims,
      query: { from: '2026-11-01', to: '2026-11-30' },
    })

    // Act
    const result = (await handler(event, lambdaContext)) as HttpResult

    // Assert
    expect(result.statusCode).toBe(200)
    const body = JSON.parse(result.body ?? '')
    expect(body).toEqual(JSON.parse(JSON.stringify(report)))
    expect(body.totals.slaTargets.next_reply).toEqual({
      met: 1,
      breached: 1,
      complianceRate: 0.5,
      businessMinutes: { count: 2, median: 10, p90: 20 },
    })
    expect(Object.keys(body.days[0].bySeverity.low.slaTargets)).toEqual([
      'first_response',
      'next_reply',
      'periodic_update',
      'resolution',
    ])
  })
})

describe('the OpenAPI document of metrics and export', () => {
  const document = buildOpenApiDocument(routeList) as unknown as {
    paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>
    components: { headers: Record<string, unknown> }
  }

  it('documents the export as application/x-ndjson, an array of the cases its lines hold, with the next cursor header', () => {
    const ok = document.paths['/v1/cases/export']?.get?.responses['200']

    expect(ok?.content).toEqual({
      'application/x-ndjson': {
        schema: {
          type: 'array',
          items: { $ref: '#/components/schemas/Case' },
          description: 'One case per line (newline-delimited JSON)',
        },
      },
    })
    expect(ok?.headers).toEqual({ 'X-Next-Cursor': { $ref: '#/components/headers/NextCursor' } })
    expect(document.components.headers.NextCursor).toBeDefined()
  })

  it('documents the metrics as JSON, with 403 and 404', () => {
    const responses = document.paths['/v1/metrics']?.get?.responses ?? {}

    expect(Object.keys(responses['200']?.content as object)).toEqual(['application/json'])
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404']))
  })
})

describe('routing /v1/cases/export', () => {
  it('prefers the literal path over /v1/cases/{caseId}, as API Gateway does', () => {
    const router = createRouter(routeList)

    expect(router.match('GET', '/v1/cases/export')?.route.operationId).toBe('exportCases')
    expect(router.match('GET', '/v1/cases/exports')?.route.operationId).toBe('getCase')
    expect(router.match('GET', '/v1/cases/export/history')?.route.operationId).toBe('listHistory')
  })
})

describe('the metrics and export queries', () => {
  it('take a period of UTC dates of at most 366 days', () => {
    expect(MetricsQuery.safeParse({ from: '2028-01-01', to: '2028-12-31' }).success).toBe(true)
    expect(MetricsQuery.safeParse({ from: '2027-01-01', to: '2028-01-02' }).success).toBe(false)
    expect(MetricsQuery.safeParse({ from: '2026-11-02', to: '2026-11-01' }).success).toBe(false)
    expect(MetricsQuery.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false)
    expect(MetricsQuery.safeParse({ from: '2026-11-01T00:00:00Z', to: '2026-11-02' }).success).toBe(false)
  })

  it('refuse unknown parameters, and page the export with limit 1–100 (default 25)', () => {
    expect(MetricsQuery.safeParse({ from: '2026-11-01', to: '2026-11-02', severity: 'low' }).success).toBe(
      false,
    )
    expect(ExportCasesQuery.parse({ from: '2026-11-01', to: '2026-11-02' }).limit).toBe(25)
    expect(ExportCasesQuery.safeParse({ from: '2026-11-01', to: '2026-11-02', limit: '101' }).success).toBe(
      false,
    )
  })
})
