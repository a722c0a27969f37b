import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import type { Case } from '#src/domain/case.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import { type HttpRequest, type HttpResult, httpHandler, type Serve } from '#src/http/http-handler.ts'
import { defineRoute } from '#src/http/route-table.ts'
import { routes } from '#src/http/routes.ts'
import { aCase } from '../fakes/core.ts'
import { agentClaims, customerClaims, httpEvent, lambdaContext } from './events.ts'

type CreateCaseRoute = typeof routes.createCase
type ListCasesRoute = typeof routes.listCases
type GetCaseRoute = typeof routes.getCase

const validBody = { title: 'Invoices fail to print', description: 'Error 42 when printing.', product: 'ERP' }

/** A serve function that records the request it got and answers a fixed case. */
function recordingServe() {
  const requests: HttpRequest<CreateCaseRoute>[] = []
  const serve: Serve<CreateCaseRoute> = async (request) => {
    requests.push(request)
    return { body: aCase() }
  }
  return { serve, requests }
}

function failingServe<R extends CreateCaseRoute>(error: unknown): Serve<R> {
  return async () => {
    throw error
  }
}

interface Problem {
  type: string
  title: string
  status: number
  detail: string
  errors?: Record<string, string>[]
}

function problemOf(result: HttpResult): Problem {
  return JSON.parse(result.body ?? '') as Problem
}

async function postCase(
  serve: Serve<CreateCaseRoute>,
  event = httpEvent({ body: JSON.stringify(validBody) }),
) {
  return (await httpHandler(routes.createCase, serve)(event, lambdaContext)) as HttpResult
}

beforeEach(() => {
  // Unknown errors are logged on purpose; keep the test output readable.
  vi.stubEnv('LOG_LEVEL', 'silent')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('httpHandler: a valid request', () => {
  it('answers with the route status and a JSON body', async () => {
    const { serve } = recordingServe()

    const result = await postCase(serve)

    expect(result.statusCode).toBe(201)
    expect(result.headers?.['content-type']).toBe('application/json')
    expect(JSON.parse(result.body ?? '')).toEqual(aCase())
  })

  it('hands serve the caller read from the JWT claims', async () => {
    const { serve, requests } = recordingServe()

    await postCase(serve)

    expect(requests[0]?.caller).toEqual({
      kind: 'customer',
      userId: 'alice',
      email: 'alice@acme.example',
      role: 'customer',
      accountId: 'acme',
    })
  })

  it('hands serve the body parsed by the route schema, defaults applied', async () => {
    const { serve, requests } = recordingServe()

    await postCase(serve)

    expect(requests[0]?.body).toEqual({ ...validBody, type: 'general_inquiry', severity: 'standard' })
  })

  it('reads a base64-encoded body', async () => {
    const { serve, requests } = recordingServe()
    const event = httpEvent({
      body: Buffer.from(JSON.stringify({ ...validBody, title: 'Grüße aus Wien' })).toString('base64'),
      isBase64Encoded: true,
    })

    await postCase(serve, event)

    expect(requests[0]?.body.title).toBe('Grüße aus Wien')
  })

  it('adds the headers serve returns', async () => {
    const serve: Serve<CreateCaseRoute> = async () => ({ body: aCase(), headers: { etag: '"1"' } })

    const result = await postCase(serve)

    expect(result.headers?.etag).toBe('"1"')
  })

  it('makes a path-only Location absolute against the API that served the request', async () => {
    const serve: Serve<CreateCaseRoute> = async () => ({
      body: aCase(),
      headers: { location: '/v1/cases/case-1' },
    })

    const result = await postCase(serve)

    expect(result.headers?.location).toBe(
      'https://abc123.execute-api.eu-central-1.amazonaws.com/v1/cases/case-1',
    )
  })

  it('accepts a JSON content type with a charset', async () => {
    const { serve } = recordingServe()
    const event = httpEvent({
      body: JSON.stringify(validBody),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })

    const result = await postCase(serve, event)

    expect(result.statusCode).toBe(201)
  })

  it('hands serve validated path parameters', async () => {
    const params: HttpRequest<GetCaseRoute>['params'][] = []
    const serve: Serve<GetCaseRoute> = async (request) => {
      params.push(request.params)
      return { body: aCase() }
    }
    const event = httpEvent({ method: 'GET', path: '/v1/cases/case-1', pathParameters: { caseId: 'case-1' } })

    await httpHandler(routes.getCase, serve)(event, lambdaContext)

    expect(params).toEqual([{ caseId: 'case-1' }])
  })

  it('hands serve the query coerced by the route schema', async () => {
    // Arrange
    const queries: HttpRequest<ListCasesRoute>['query'][] = []
    const serve: Serve<ListCasesRoute> = async ({ query }) => {
      queries.push(query)
      return { body: { items: [], nextCursor: null } }
    }
    const event = httpEvent({ method: 'GET', query: { limit: '10', status: 'open' } })

    // Act
    await httpHandler(routes.listCases, serve)(event, lambdaContext)

    // Assert
    expect(queries[0]).toEqual({ limit: 10, status: 'open' })
  })
})

describe('httpHandler: conditional GETs', () => {
  const getCaseEvent = (headers: Record<string, string>) =>
    httpEvent({ method: 'GET', path: '/v1/cases/case-1', pathParameters: { caseId: 'case-1' }, headers })
  const serveVersion3: Serve<GetCaseRoute> = async () => ({
    body: aCase(),
    headers: { etag: '"3"', 'cache-control': 'private' },
  })

  it.each(['"3"', 'W/"3"', '"2", "3"', '*'])(
    'answers 304 without a body, repeating the ETag, when If-None-Match is %s',
    async (ifNoneMatch) => {
      // Act
      const result = (await httpHandler(routes.getCase, serveVersion3)(
        getCaseEvent({ 'if-none-match': ifNoneMatch }),
        lambdaContext,
      )) as HttpResult

      // Assert
      expect(result.statusCode).toBe(304)
      expect(result.body).toBeUndefined()
      expect(result.headers).toEqual({ etag: '"3"', 'cache-control': 'private' })
    },
  )

  it('answers 200 with the body when the client holds another version', async () => {
    const result = (await httpHandler(routes.getCase, serveVersion3)(
      getCaseEvent({ 'if-none-match': '"2"' }),
      lambdaContext,
    )) as HttpResult

    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body ?? '')).toEqual(aCase())
  })

  it('never answers 304 to a request that changes something', async () => {
    const serve: Serve<CreateCaseRoute> = async () => ({ body: aCase(), headers: { etag: '"1"' } })
    const event = httpEvent({ body: JSON.stringify(validBody), headers: { 'if-none-match': '*' } })

    const result = await postCase(serve, event)

    expect(result.statusCode).toBe(201)
  })
})

describe('httpHandler: HEAD on a GET route', () => {
  // As API Gateway sends it through the GET route's HEAD route (lib/stacks/route-stack.ts).
  const headEvent = (headers: Record<string, string> = {}) =>
    httpEvent({
      method: 'HEAD',
      path: '/v1/cases/case-1',
      routeKey: 'HEAD /v1/cases/case-1',
      pathParameters: { caseId: 'case-1' },
      headers,
    })
  const getEvent = httpEvent({
    method: 'GET',
    path: '/v1/cases/case-1',
    pathParameters: { caseId: 'case-1' },
  })
  const serve: Serve<GetCaseRoute> = async () => ({ body: aCase(), headers: { etag: '"3"' } })

  it('answers as the GET does (API Gateway, like Node, sends no body to a HEAD request)', async () => {
    // Act
    const head = (await httpHandler(routes.getCase, serve)(headEvent(), lambdaContext)) as HttpResult
    const get = (await httpHandler(routes.getCase, serve)(getEvent, lambdaContext)) as HttpResult

    // Assert
    expect(head).toEqual(get)
    expect(head.statusCode).toBe(200)
  })

  it('answers 304 when If-None-Match holds the current version', async () => {
    const result = (await httpHandler(routes.getCase, serve)(
      headEvent({ 'if-none-match': '"3"' }),
      lambdaContext,
    )) as HttpResult

    expect(result.statusCode).toBe(304)
  })
})

describe('httpHandler: the response contract', () => {
  it('never lets storage keys returned by serve reach the body', async () => {
    // Arrange
    const stored = { ...aCase(), pk: 'CASE#case-1', sk: 'CASE', gsi1pk: 'ACCOUNT#acme', entity: 'case' }
    const serve: Serve<CreateCaseRoute> = async () => ({ body: stored as Case })

    // Act
    const result = await postCase(serve)

    // Assert
    const body = JSON.parse(result.body ?? '')
    expect(body).toEqual(aCase())
    expect(body).not.toHaveProperty('pk')
    expect(body).not.toHaveProperty('sk')
  })

  it('strips storage keys from every item of a list', async () => {
    const stored = { ...aCase(), pk: 'CASE#case-1', sk: 'CASE' }
    const serve: Serve<ListCasesRoute> = async () => ({ body: { items: [stored as Case], nextCursor: null } })

    const result = (await httpHandler(routes.listCases, serve)(
      httpEvent({ method: 'GET' }),
      lambdaContext,
    )) as HttpResult

    expect(JSON.parse(result.body ?? '').items).toEqual([aCase()])
  })
})

describe('httpHandler: bad requests', () => {
  it('answers malformed JSON with a 400 problem document', async () => {
    const { serve, requests } = recordingServe()

    const result = await postCase(serve, httpEvent({ body: '{"title": "unterminated' }))

    expect(result.statusCode).toBe(400)
    expect(result.headers?.['content-type']).toBe('application/problem+json')
    expect(problemOf(result)).toMatchObject({ type: '/problems/validation-error', status: 400 })
    expect(requests).toHaveLength(0)
  })

  it('answers a missing body with a 400', async () => {
    const { serve } = recordingServe()

    const result = await postCase(serve, httpEvent({ method: 'POST' }))

    expect(result.statusCode).toBe(400)
  })

  it('points at an invalid field with a JSON pointer', async () => {
    const { serve } = recordingServe()
    const event = httpEvent({ body: JSON.stringify({ ...validBody, severity: 'critical' }) })

    const result = await postCase(serve, event)

    expect(result.statusCode).toBe(400)
    expect(problemOf(result).errors).toEqual([{ pointer: '/impact', detail: expect.any(String) }])
  })

  it('reports each unknown field with its own pointer', async () => {
    const { serve } = recordingServe()
    const event = httpEvent({ body: JSON.stringify({ ...validBody, accountId: 'globex', status: 'closed' }) })

    const result = await postCase(serve, event)

    expect(problemOf(result).errors).toEqual(
      expect.arrayContaining([
        { pointer: '/accountId', detail: 'is not a known field' },
        { pointer: '/status', detail: 'is not a known field' },
      ]),
    )
  })

  it('names an invalid query parameter', async () => {
    const serve: Serve<ListCasesRoute> = async () => ({ body: { items: [], nextCursor: null } })
    const event = httpEvent({ method: 'GET', query: { limit: '500' } })

    const result = (await httpHandler(routes.listCases, serve)(event, lambdaContext)) as HttpResult

    expect(result.statusCode).toBe(400)
    expect(problemOf(result).errors).toEqual([{ parameter: 'limit', detail: expect.any(String) }])
  })

  it('names an unknown query parameter', async () => {
    const serve: Serve<ListCasesRoute> = async () => ({ body: { items: [], nextCursor: null } })
    const event = httpEvent({ method: 'GET', query: { order: 'oldest' } })

    const result = (await httpHandler(routes.listCases, serve)(event, lambdaContext)) as HttpResult

    expect(problemOf(result).errors).toEqual([{ parameter: 'order', detail: 'is not a known field' }])
  })

  it('names an invalid path parameter', async () => {
    const serve: Serve<GetCaseRoute> = async () => ({ body: aCase() })
    const event = httpEvent({
      method: 'GET',
      path: '/v1/cases/x',
      pathParameters: { caseId: 'a'.repeat(65) },
    })

    const result = (await httpHandler(routes.getCase, serve)(event, lambdaContext)) as HttpResult

    expect(result.statusCode).toBe(400)
    expect(problemOf(result).errors).toEqual([{ parameter: 'caseId', detail: expect.any(String) }])
  })

  it('answers a body that is not JSON with 415', async () => {
    const { serve, requests } = recordingServe()
    const event = httpEvent({
      body: 'title=Printing',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })

    const result = await postCase(serve, event)

    expect(result.statusCode).toBe(415)
    expect(problemOf(result).type).toBe('/problems/unsupported-media-type')
    expect(requests).toHaveLength(0)
  })
})

describe('httpHandler: who may call', () => {
  const agentsOnly = defineRoute({
    operationId: 'agentsOnly',
    method: 'GET',
    path: '/v1/agents-only',
    handler: 'agents-only',
    access: { kind: 'roles', roles: ['agent'] },
    summary: 'A route for agents',
    request: {},
    response: { status: 200, body: z.object({ ok: z.boolean() }) },
  })

  it('refuses a role the route does not allow with 403', async () => {
    // Arrange
    const served: unknown[] = []
    const handler = httpHandler(agentsOnly, async (request) => {
      served.push(request)
      return { body: { ok: true } }
    })

    // Act
    const result = (await handler(
      httpEvent({ method: 'GET', claims: customerClaims }),
      lambdaContext,
    )) as HttpResult

    // Assert
    expect(result.statusCode).toBe(403)
    expect(problemOf(result).type).toBe('/problems/forbidden')
    expect(served).toHaveLength(0)
  })

  it('serves a role the route allows', async () => {
    const handler = httpHandler(agentsOnly, async () => ({ body: { ok: true } }))

    const result = (await handler(
      httpEvent({ method: 'GET', claims: agentClaims }),
      lambdaContext,
    )) as HttpResult

    expect(result.statusCode).toBe(200)
  })

  it('checks the role before reading the body', async () => {
    // Arrange: a caller without access learns nothing about what a valid request would look like.
    const staffOnlyCreate = { ...routes.createCase, access: { kind: 'roles', roles: ['agent'] } as const }
    const handler = httpHandler(staffOnlyCreate, async () => ({ body: aCase() }))

    // Act
    const result = (await handler(
      httpEvent({ body: 'not json', claims: customerClaims }),
      lambdaContext,
    )) as HttpResult

    // Assert
    expect(result.statusCode).toBe(403)
  })

  it('answers claims without a subject with 401 and a Bearer challenge', async () => {
    const { sub: _, ...withoutSub } = customerClaims
    const { serve } = recordingServe()

    const result = await postCase(serve, httpEvent({ body: JSON.stringify(validBody), claims: withoutSub }))

    expect(result.statusCode).toBe(401)
    expect(result.headers?.['www-authenticate']).toBe('Bearer')
  })
})

describe('httpHandler: failures', () => {
  it('maps an error of the core to its problem document', async () => {
    const result = await postCase(failingServe(new NotFoundError('There is no contact x.')))

    expect(result.statusCode).toBe(404)
    expect(problemOf(result)).toEqual({
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'There is no contact x.',
    })
  })

  it('answers an unknown error with a 500 that reveals nothing of it', async () => {
    // Arrange
    const error = new Error('connect ECONNREFUSED 10.0.3.7:8000 secret-table-name')

    // Act
    const result = await postCase(failingServe(error))

    // Assert
    expect(result.statusCode).toBe(500)
    expect(result.headers?.['content-type']).toBe('application/problem+json')
    expect(problemOf(result).type).toBe('/problems/internal-error')
    expect(result.body).not.toContain('ECONNREFUSED')
    expect(result.body).not.toContain('secret-table-name')
    // The stack names this file; none of it may reach the client.
    expect(error.stack).toContain('http-handler.test.ts')
    expect(result.body).not.toContain('http-handler.test.ts')
  })

  it('answers a thrown non-Error with a 500', async () => {
    const result = await postCase(failingServe('just a string'))

    expect(result.statusCode).toBe(500)
    expect(result.body).not.toContain('just a string')
  })

  it('answers an AWS ThrottlingException with 503 and retry-after', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })

    const result = await postCase(failingServe(throttled))

    expect(result.statusCode).toBe(503)
    expect(result.headers?.['retry-after']).toMatch(/^\d+$/)
    expect(result.body).not.toContain('Rate exceeded')
  })

  it('answers a transaction cancelled by a conflicting transaction with 503', async () => {
    const cancelled = Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
    })

    const result = await postCase(failingServe(cancelled))

    expect(result.statusCode).toBe(503)
    expect(result.headers?.['retry-after']).toBeDefined()
  })

  it('answers a transaction cancelled by a failed condition with 500, not 503', async () => {
    // A failed condition is not a race a retry would win.
    const cancelled = Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    })

    const result = await postCase(failingServe(cancelled))

    expect(result.statusCode).toBe(500)
  })

  it('answers a reply that breaks the response contract with a 500', async () => {
    const serve: Serve<CreateCaseRoute> = async () => ({
      body: { ...aCase(), status: 'lost' } as unknown as Case,
    })

    const result = await postCase(serve)

    expect(result.statusCode).toBe(500)
  })
})
