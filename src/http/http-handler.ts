import middy, { type MiddlewareObj } from '@middy/core'
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda'
import { AppError, ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { clearInvocationContext, withInvocationContext } from '#src/logger.ts'
import * as z from '#src/zod.ts'
import { ifNoneMatchMatches, notModifiedHeaders } from './conditional-requests.ts'
import { callerFromClaims, type JwtClaims } from './identity.ts'
import { problemFromError, problemResponse } from './problem.ts'
import { parseFormBody, parseJsonBody, parseRequestPart } from './request.ts'
import { withAbsoluteLocation } from './request-origin.ts'
import type { RouteDefinition } from './route-table.ts'

/** The event API Gateway (HTTP API, payload 2.0, JWT authorizer) sends, and the local server imitates. */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer
export type HttpResult = APIGatewayProxyStructuredResultV2

type Out<S> = S extends z.core.$ZodType ? z.output<S> : undefined
type Part<R extends RouteDefinition, K extends 'params' | 'query' | 'body'> = Out<
  NonNullable<R['request'][K]>
>

/** What a route's serve function receives: the verified caller and the validated request. */
export interface HttpRequest<R extends RouteDefinition> {
  caller: Caller
  params: Part<R, 'params'>
  query: Part<R, 'query'>
  body: Part<R, 'body'>
  headers: Record<string, string | undefined>
}

/** What a serve function returns: the response body, and optionally headers (e.g. `ETag`, `Location`). */
export interface HttpReply<R extends RouteDefinition> {
  body: z.input<R['response']['body']>
  headers?: Record<string, string>
}

export type Serve<R extends RouteDefinition> = (request: HttpRequest<R>) => Promise<HttpReply<R>>

/** What a public route's serve function receives: the validated request, and no caller at all. */
export type PublicHttpRequest<R extends RouteDefinition> = Omit<HttpRequest<R>, 'caller'> & { caller?: never }

/**
 * What a public route's serve function returns: a reply as above (a non-JSON body may come
 * base64-encoded, e.g. compressed; a page may answer with a status of its own, such as a form
 * shown again with 400), or `304 Not Modified` for a conditional GET whose `If-None-Match` still
 * matches.
 */
export type PublicHttpReply<R extends RouteDefinition> =
  | (HttpReply<R> & { isBase64Encoded?: boolean; status?: number })
  | { status: 304; headers: Record<string, string> }

export type PublicServe<R extends RouteDefinition> = (
  request: PublicHttpRequest<R>,
) => Promise<PublicHttpReply<R>>

/**
 * The media types a response body schema stands for: a schema (or each option of a union) may
 * name its own with the JSON Schema keyword `contentMediaType`, e.g.
 * `z.string().register(z.globalRegistry, { contentMediaType: 'text/html' })`; anything else is JSON.
 */
export function responseMediaTypes(schema: z.core.$ZodType): string[] {
  const own = z.globalRegistry.get(schema)?.contentMediaType
  if (typeof own === 'string') return [own]
  const options = unionOptions(schema)
  if (options) {
    const types = options.map((option) => z.globalRegistry.get(option)?.contentMediaType)
    if (types.every((type): type is string => typeof type === 'string')) return [...new Set(types)]
  }
  return ['application/json']
}

/**
 * The options of a union schema (mini or classic), or undefined for any other schema. Read from
 * the schema's definition rather than with `instanceof z.core.$ZodUnion`: any run-time use of the
 * `z.core` namespace makes esbuild bundle the whole of zod's core with every locale (about 390 KB),
 * and bundle bytes are cold-start time (docs/performance.md).
 */
export function unionOptions(schema: z.core.$ZodType): readonly z.core.$ZodType[] | undefined {
  const def = (schema as z.core.$ZodTypes)._zod.def
  return def.type === 'union' ? def.options : undefined
}

const isJsonMediaType = (type: string) => /^application\/([a-z.+-]*\+)?json$/i.test(type)

/**
 * Newline-delimited JSON (`application/x-ndjson`): a list sent as one JSON text per line, for
 * bodies a client should be able to stream (the case export). Its schema is an array of the lines.
 */
export const isJsonLinesMediaType = (type: string) => /^application\/x-ndjson$/i.test(type)

/** Each item as one line of JSON, every line ended by a newline (an empty list is an empty body). */
function jsonLines(items: unknown): string {
  return (items as unknown[]).map((item) => `${JSON.stringify(item)}\n`).join('')
}

/**
 * Every log line of the invocation carries the Lambda context and API Gateway's request id as
 * correlation id (the `requestId` of the stage's access log). Use it first: its `onError` runs
 * last, after the problem mapping has logged what went wrong.
 */
export function invocationLogging(): MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  return {
    before: ({ event, context }) => {
      // Also here: a middleware that answers early (a replayed Idempotency-Key) skips `after`.
      clearInvocationContext()
      withInvocationContext(context, event.requestContext?.requestId)
    },
    after: () => clearInvocationContext(),
    onError: () => clearInvocationContext(),
  }
}

/**
 * The largest JSON body a route accepts: the largest valid one (a case with a 20,000-character
 * description and a 5,000-character impact statement, escaped) is below 200 KB, and DynamoDB keeps
 * items of at most 400 KB. Files never travel in a body (presigned uploads). API Gateway itself
 * refuses bodies over 10 MB, and so does the local server.
 */
export const maxJsonBodyBytes = 256 * 1024

/** Bytes of the body as sent: base64 carries 3 bytes in every 4 characters. */
function bodyBytes(body: string, isBase64Encoded: boolean): number {
  if (!isBase64Encoded) return Buffer.byteLength(body, 'utf8')
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0
  return Math.floor((body.length * 3) / 4) - padding
}

function assertBodySize(event: HttpEvent): void {
  if (event.body === undefined) return
  const size = bodyBytes(event.body, event.isBase64Encoded)
  if (size > maxJsonBodyBytes) {
    throw new AppError(
      413,
      'payload-too-large',
      'Payload too large',
      `Request bodies may have at most ${maxJsonBodyBytes / 1024} KB; this one has ${Math.ceil(size / 1024)} KB. Case files are uploaded with POST /v1/cases/{caseId}/files, not sent in a body.`,
    )
  }
}

/** The one error mapping of every HTTP function: any thrown error becomes a problem document. */
export function problemDetails(): MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  return {
    onError: async (request) => {
      request.response = problemResponse(request.error)
    },
  }
}

function headersOf(event: HttpEvent): Record<string, string | undefined> {
  // API Gateway lower-cases header names in payload 2.0; normalise anyway so local callers behave the same.
  return Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
}

function assertFormContent(headers: Record<string, string | undefined>): void {
  const type = headers['content-type']
  if (type !== undefined && !/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new AppError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the form as application/x-www-form-urlencoded.',
    )
  }
}

function assertJsonContent(headers: Record<string, string | undefined>): void {
  const type = headers['content-type']
  if (type !== undefined && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the body as application/json.',
    )
  }
}

/** Parses and checks everything the route table says about a request, before any use case runs. */
export function readRequest<R extends RouteDefinition>(route: R, event: HttpEvent): HttpRequest<R> {
  const caller = callerFromClaims(event.requestContext.authorizer?.jwt?.claims as JwtClaims | undefined)
  if (route.access.kind === 'roles' && !route.access.roles.includes(caller.role)) {
    throw new ForbiddenError(`The ${caller.role} role may not call ${route.method} ${route.path}.`)
  }
  return { caller, ...readRequestParts(route, event) }
}

/** Params, query, body and headers of a request, validated with the route's schemas; no identity. */
function readRequestParts<R extends RouteDefinition>(route: R, event: HttpEvent): PublicHttpRequest<R> {
  const headers = headersOf(event)
  const { params, query, body } = route.request
  assertBodySize(event)
  let parsedBody: unknown
  if (body && route.page) {
    assertFormContent(headers)
    parsedBody = parseRequestPart(body, parseFormBody(event.body, event.isBase64Encoded), 'body')
  } else if (body) {
    assertJsonContent(headers)
    parsedBody = parseRequestPart(body, parseJsonBody(event.body, event.isBase64Encoded), 'body')
  }
  return {
    headers,
    params: (params
      ? parseRequestPart(params, event.pathParameters ?? {}, 'path')
      : undefined) as HttpRequest<R>['params'],
    query: (query
      ? parseRequestPart(query, event.queryStringParameters ?? {}, 'query')
      : undefined) as HttpRequest<R>['query'],
    body: parsedBody as HttpRequest<R>['body'],
  }
}

function assertAccess(route: RouteDefinition, kind: RouteDefinition['access']['kind']): void {
  // Fail at cold start, not per request: a public route behind the role check would answer 401 to
  // everyone, and a role route without it would serve anyone.
  if (route.access.kind !== kind) {
    const builder = route.access.kind === 'public' ? 'publicHttpHandler' : 'httpHandler'
    throw new Error(
      `${route.operationId} is ${route.access.kind === 'public' ? 'public' : 'for roles'}: build its handler with ${builder}.`,
    )
  }
}

/**
 * Builds the Lambda handler of one route: verify the caller's role, validate params, query and
 * body with the route's schemas, run `serve`, and serialise its reply through the response schema
 * (which strips anything not in the API contract, such as storage keys): as JSON, or as one JSON
 * line per item when the schema's media type is `application/x-ndjson`.
 */
export function httpHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
  assertAccess(route, 'roles')
  const mediaType = responseMediaTypes(route.response.body)[0] ?? 'application/json'
  const serialise = isJsonLinesMediaType(mediaType) ? jsonLines : JSON.stringify
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(invocationLogging())
    .use(problemDetails())
    .handler(async (event) => {
      const request = readRequest(route, event)
      const reply = await serve(request)
      if (
        route.method === 'GET' &&
        ifNoneMatchMatches(request.headers['if-none-match'], reply.headers?.etag)
      ) {
        // 304 Not Modified: no body, but the headers the 200 would carry, ETag first (RFC 9110, 15.4.5).
        return { statusCode: 304, headers: notModifiedHeaders(reply.headers ?? {}) }
      }
      const replyHeaders = withAbsoluteLocation(reply.headers, request.headers)
      // 204 No Content carries neither a body nor a content type (RFC 9110, 15.3.5).
      if (route.response.status === 204) return { statusCode: 204, headers: { ...replyHeaders } }
      const body = z.parse(route.response.body, reply.body)
      return {
        statusCode: route.response.status,
        headers: { 'content-type': mediaType, ...replyHeaders },
        body: serialise(body),
      }
    })
}

/**
 * Renders the page an error becomes on a page route (`page: true`): `status` and `headers` are
 * what the one error mapping (`problemFromError`) made of the error, so only the wording is the
 * page's; `headers` are the request's, for the reader's language.
 */
export type ErrorPage = (
  failure: { status: number; headers: Record<string, string> },
  requestHeaders: Record<string, string | undefined>,
) => HttpResult

/** The error mapping of a page route: the same status and headers as a problem document, as HTML. */
export function pageErrors(errorPage: ErrorPage): MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  return {
    onError: async (request) => {
      const { problem, headers } = problemFromError(request.error)
      request.response = errorPage({ status: problem.status, headers }, headersOf(request.event))
    },
  }
}

/**
 * Builds the Lambda handler of a public route (`access: { kind: 'public' }`): no authorizer runs
 * in front of it and it reads no caller; params, query and body are validated as for any route.
 * A JSON reply is serialised through the response schema; a body whose schema names another
 * media type (HTML, CSS, ...) is sent as the string it is, with the content type the reply sets.
 * A page route (`page: true`) must name its `errorPage`: its errors are pages, not problem documents.
 */
export function publicHttpHandler<R extends RouteDefinition>(
  route: R,
  serve: PublicServe<R>,
  errorPage?: ErrorPage,
) {
  assertAccess(route, 'public')
  if (Boolean(route.page) !== Boolean(errorPage)) {
    throw new Error(
      `${route.operationId}: a page route, and only a page route, renders its errors as a page.`,
    )
  }
  const mediaTypes = responseMediaTypes(route.response.body)
  const json = mediaTypes.every(isJsonMediaType)
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(invocationLogging())
    .use(errorPage ? pageErrors(errorPage) : problemDetails())
    .handler(async (event): Promise<HttpResult> => {
      const request = readRequestParts(route, event)
      const reply = await serve(request)
      if (!('body' in reply)) return { statusCode: reply.status, headers: reply.headers }
      const body = z.parse(route.response.body, reply.body)
      const headers = {
        'content-type': mediaTypes[0] ?? 'application/json',
        ...withAbsoluteLocation(reply.headers, request.headers),
      }
      return {
        statusCode: reply.status ?? route.response.status,
        headers,
        body: json ? JSON.stringify(body) : String(body),
        ...(reply.isBase64Encoded && { isBase64Encoded: true }),
      }
    })
}
