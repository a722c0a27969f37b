import middy, { type MiddlewareObj } from '@middy/core'
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda'
import type * as z from 'zod'
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
  const headers = headersOf(event)
  const { params, query, body } = route.request
  let parsedBody: unknown
  if (body) {
    assertJsonContent(headers)
    parsedBody = parseRequestPart(body, parseJsonBody(event.body, event.isBase64Encoded), 'body')
  }
  return {
    caller,
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

/**
 * Builds the Lambda handler of one route: verify the caller's role, validate params, query and
 * body with the route's schemas, run `serve`, and serialise its reply through the response schema
 * (which strips anything not in the API contract, such as storage keys).
 */
export function httpHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
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
