import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import {
  type ErrorPage,
  type HttpResult,
  httpHandler,
  type PublicHttpRequest,
  publicHttpHandler,
  responseMediaTypes,
} from '#src/http/http-handler.ts'
import { defineRoute } from '#src/http/route-table.ts'
import { routes } from '#src/http/routes.ts'
import { publicRouteHandler } from '#src/runtime/route-handler.ts'
import { httpEvent, lambdaContext } from './events.ts'

const greeting = defineRoute({
  operationId: 'getGreeting',
  method: 'GET',
  path: '/greetings/{name}',
  handler: 'test/greeting',
  access: { kind: 'public' },
  summary: 'A greeting',
  request: { params: z.object({ name: z.string().regex(/^[a-z]+$/) }) },
  response: { status: 200, body: z.object({ text: z.string() }) },
})

const page = defineRoute({
  operationId: 'getPage',
  method: 'GET',
  path: '/page',
  handler: 'test/page',
  access: { kind: 'public' },
  summary: 'A page',
  request: {},
  response: { status: 200, body: z.string().meta({ contentMediaType: 'text/html' }) },
})

/** A request as API Gateway sends it to a route without authorizer: no claims at all. */
function anonymousEvent(options: Parameters<typeof httpEvent>[0] = {}) {
  const event = httpEvent({ method: 'GET', ...options })
  delete (event.requestContext as { authorizer?: unknown }).authorizer
  delete event.headers.authorization
  return event
}

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})

describe('publicHttpHandler', () => {
  it('serves a request without any token, validated, with no caller', async () => {
    // Arrange
    const requests: PublicHttpRequest<typeof greeting>[] = []
    const handler = publicHttpHandler(greeting, async (request) => {
      requests.push(request)
      return { body: { text: `Hello ${request.params.name}` } }
    })

    // Act
    const result = (await handler(
      anonymousEvent({ path: '/greetings/ada', pathParameters: { name: 'ada' } }),
      lambdaContext,
    )) as HttpResult

    // Assert
    expect(result.statusCode).toBe(200)
    expect(result.headers?.['content-type']).toBe('application/json')
    expect(JSON.parse(result.body ?? '')).toEqual({ text: 'Hello ada' })
    expect(requests[0]?.caller).toBeUndefined()
    expect(requests[0]?.params).toEqual({ name: 'ada' })
  })

  it('answers invalid params with a 400 problem document', async () => {
    // Arrange
    const handler = publicHttpHandler(greeting, async () => ({ body: { text: 'never' } }))

    // Act
    const result = (await handler(
      anonymousEvent({ path: '/greetings/..', pathParameters: { name: '..' } }),
      lambdaContext,
    )) as HttpResult

    // Assert
    expect(result.statusCode).toBe(400)
    expect(result.headers?.['content-type']).toBe('application/problem+json')
    expect(JSON.parse(result.body ?? '').errors).toEqual([{ parameter: 'name', detail: expect.any(String) }])
  })

  it('sends a body of another media type as it is', async () => {
    // Arrange
    const handler = publicHttpHandler(page, async () => ({ body: '<p>Hi</p>', headers: { etag: '"1"' } }))

    // Act
    const result = (await handler(anonymousEvent({ path: '/page' }), lambdaContext)) as HttpResult

    // Assert
    expect(result).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'text/html', etag: '"1"' },
      body: '<p>Hi</p>',
    })
  })

  it('answers 304 without a body when the serve function says so', async () => {
    // Arrange
    const handler = publicHttpHandler(page, async () => ({ status: 304, headers: { etag: '"1"' } }))

    // Act
    const result = (await handler(anonymousEvent({ path: '/page' }), lambdaContext)) as HttpResult

    // Assert
    expect(result).toEqual({ statusCode: 304, headers: { etag: '"1"' } })
  })

  it('passes a base64-encoded body on as such', async () => {
    // Arrange
    const handler = publicHttpHandler(page, async () => ({ body: 'PHA+', isBase64Encoded: true }))

    // Act
    const result = (await handler(anonymousEvent({ path: '/page' }), lambdaContext)) as HttpResult

    // Assert
    expect(result).toMatchObject({ body: 'PHA+', isBase64Encoded: true })
  })
})

const formPage = defineRoute({
  operationId: 'postFormPage',
  method: 'POST',
  path: '/forms/{name}',
  handler: 'test/form-page',
  access: { kind: 'public' },
  page: true,
  summary: 'A page with a form',
  request: {
    params: z.object({ name: z.string().regex(/^[a-z]+$/) }),
    body: z.object({ answer: z.optional(z.string()) }),
  },
  response: { status: 200, body: z.string().meta({ contentMediaType: 'text/html' }) },
})

/** The error page of the tests: the status, and the language the browser asked for. */
const errorPage: ErrorPage = ({ status, headers }, requestHeaders) => ({
  statusCode: status,
  headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
  body: `<h1>${status} ${requestHeaders['accept-language'] ?? '-'}</h1>`,
})

const formEvent = (body: string, headers: Record<string, string>, name = 'survey') =>
  anonymousEvent({ method: 'POST', path: `/forms/${name}`, pathParameters: { name }, body, headers })

describe('a page route (page: true)', () => {
  it('reads its body as a form, and may answer with a status of its own', async () => {
    // Arrange
    const handler = publicHttpHandler(
      formPage,
      async ({ body }) => ({ status: 400, body: `<p>${body.answer}</p>` }),
      errorPage,
    )

    // Act
    const result = (await handler(
      formEvent('answer=yes+please&ignored=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      lambdaContext,
    )) as HttpResult

    // Assert
    expect(result).toMatchObject({ statusCode: 400, body: '<p>yes please</p>' })
  })

  it('answers its errors with its error page, with the status the one error mapping gives them', async () => {
    // Arrange
    const handler = publicHttpHandler(formPage, async () => ({ body: 'never' }), errorPage)

    // Act
    const json = (await handler(
      formEvent('{"answer":"yes"}', { 'content-type': 'application/json', 'accept-language': 'de' }),
      lambdaContext,
    )) as HttpResult
    const badName = (await handler(
      formEvent('answer=1', { 'content-type': 'application/x-www-form-urlencoded' }, '..'),
      lambdaContext,
    )) as HttpResult
    const failing = publicHttpHandler(
      formPage,
      async () => {
        throw new Error('the table is gone')
      },
      errorPage,
    )
    const fault = (await failing(
      formEvent('answer=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      lambdaContext,
    )) as HttpResult

    // Assert
    expect(json).toMatchObject({ statusCode: 415, body: '<h1>415 de</h1>' })
    expect(badName).toMatchObject({ statusCode: 400, body: '<h1>400 -</h1>' })
    expect(fault).toMatchObject({ statusCode: 500, body: '<h1>500 -</h1>' })
    expect(fault.body).not.toContain('the table is gone')
  })

  it('cannot be built without an error page, and an error page only for a page route', () => {
    expect(() => publicHttpHandler(formPage, async () => ({ body: '' }))).toThrow(/page route/)
    expect(() => publicHttpHandler(page, async () => ({ body: '' }), errorPage)).toThrow(/page route/)
  })
})

describe('building handlers for the wrong kind of route', () => {
  it('refuses a public route behind the role check, and a role route without it', () => {
    expect(() => httpHandler(greeting, async () => ({ body: { text: '' } }))).toThrow(/publicHttpHandler/)
    expect(() => publicHttpHandler(routes.getCase, async () => ({ body: {} as never }))).toThrow(
      /httpHandler/,
    )
  })

  it('refuses Idempotency-Key on a public route: there is no caller to scope the key to', () => {
    expect(() =>
      publicRouteHandler({ ...greeting, idempotent: true }, async () => ({ body: { text: '' } })),
    ).toThrow(/public/)
  })
})

describe('responseMediaTypes', () => {
  it('reads contentMediaType from a schema or from each option of a union, else JSON', () => {
    const css = z.string().meta({ contentMediaType: 'text/css' })
    const js = z.string().meta({ contentMediaType: 'text/javascript' })
    expect(responseMediaTypes(css)).toEqual(['text/css'])
    expect(responseMediaTypes(z.union([js, css]))).toEqual(['text/javascript', 'text/css'])
    expect(responseMediaTypes(z.union([js, z.string()]))).toEqual(['application/json'])
    expect(responseMediaTypes(z.object({}))).toEqual(['application/json'])
  })
})
