import middy, { type MiddlewareObj } from '@middy/core'
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda'
import * as z from 'zod'
import { AppError, ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { callerFromClaims, type JwtClaims } from './identity.ts'
import { problemResponse } from './problem.ts'
import { parseJsonBody, parseRequestPart } from './request.ts'
import type { RouteDefinition } from './route-table.ts'

/** The event API Gateway (HTTP API, payload 2.0, JWT authorizer) sends, and the local server imitates. */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer
export type HttpResult = APIGatewayProxyStructuredResultV2

type Out<S> = S extends z.ZodType ? z.output<S> : undefined
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
 * base64-encoded, e.g. compressed), or `304 Not Modified` for a conditional GET whose
 * `If-None-Match` still matches.
 */
export type PublicHttpReply<R extends RouteDefinition> =
  | (HttpReply<R> & { isBase64Encoded?: boolean })
  | { status: 304; headers: Record<string, string> }

export type PublicServe<R extends RouteDefinition> = (
  request: PublicHttpRequest<R>,
) => Promise<PublicHttpReply<R>>

/**
 * The media types a response body schema stands for: a schema (or each option of a union) may
 * name its own with the JSON Schema keyword `contentMediaType`, e.g.
 * `z.string().meta({ contentMediaType: 'text/html' })`; anything else is JSON.
 */
export function responseMediaTypes(schema: z.ZodType): string[] {
  const own = z.globalRegistry.get(schema)?.contentMediaType
  if (typeof own === 'string') return [own]
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly z.ZodType[]
    const types = options.map((option) => z.globalRegistry.get(option)?.contentMediaType)
    if (types.every((type): type is string => typeof type === 'string')) return [...new Set(types)]
  }
  return ['application/json']
}

const isJsonMediaType = (type: string) => /^application\/([a-z.+-]*\+)?json$/i.test(type)

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
  let parsedBody: unknown
  if (body) {
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
 * (which strips anything not in the API contract, such as storage keys).
 */
export function httpHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
  assertAccess(route, 'roles')
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(problemDetails())
    .handler(async (event) => {
      const reply = await serve(readRequest(route, event))
      const body = route.response.body.parse(reply.body)
      return {
        statusCode: route.response.status,
        headers: { 'content-type': 'application/json', ...reply.headers },
        body: JSON.stringify(body),
      }
    })
}

/**
 * Builds the Lambda handler of a public route (`access: { kind: 'public' }`): no authorizer runs
 * in front of it and it reads no caller; params, query and body are validated as for any route.
 * A JSON reply is serialised through the response schema; a body whose schema names another
 * media type (HTML, CSS, ...) is sent as the string it is, with the content type the reply sets.
 */
export function publicHttpHandler<R extends RouteDefinition>(route: R, serve: PublicServe<R>) {
  assertAccess(route, 'public')
  const mediaTypes = responseMediaTypes(route.response.body)
  const json = mediaTypes.every(isJsonMediaType)
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(problemDetails())
    .handler(async (event): Promise<HttpResult> => {
      const reply = await serve(readRequestParts(route, event))
      if ('status' in reply) return { statusCode: reply.status, headers: reply.headers }
      const body = route.response.body.parse(reply.body)
      const headers = { 'content-type': mediaTypes[0] ?? 'application/json', ...reply.headers }
      return {
        statusCode: route.response.status,
        headers,
        body: json ? JSON.stringify(body) : String(body),
        ...(reply.isBase64Encoded && { isBase64Encoded: true }),
      }
    })
}
