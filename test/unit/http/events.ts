import type { Context } from 'aws-lambda'
import type { HttpEvent } from '#src/http/http-handler.ts'

/** Claims as API Gateway's JWT authorizer passes them in payload 2.0: every value a string, arrays flattened. */
export const customerClaims = {
  sub: 'alice',
  email: 'alice@acme.example',
  'cognito:groups': '[customer]',
  'custom:accountId': 'acme',
  iss: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_test',
  iat: '1795600000',
  exp: '1795603600',
}

export const agentClaims = {
  sub: 'sam',
  email: 'sam@vendor.example',
  'cognito:groups': '[agent]',
  iss: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_test',
  iat: '1795600000',
  exp: '1795603600',
}

export interface EventOptions {
  method?: string
  path?: string
  routeKey?: string
  claims?: Record<string, string>
  headers?: Record<string, string>
  query?: Record<string, string>
  pathParameters?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
}

/** A hand-built API Gateway HTTP API (payload 2.0) event with a JWT authorizer, as AWS sends it. */
export function httpEvent(options: EventOptions = {}): HttpEvent {
  const method = options.method ?? 'POST'
  const path = options.path ?? '/v1/cases'
  const routeKey = options.routeKey ?? `${method} ${path}`
  const query = options.query
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    headers: {
      accept: 'application/json',
      authorization: 'Bearer header.payload.signature',
      host: 'abc123.execute-api.eu-central-1.amazonaws.com',
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(query ? { queryStringParameters: query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-central-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600000000,
      authorizer: { jwt: { claims: options.claims ?? customerClaims, scopes: null } },
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
  }
}

/** Lambda's context; the handlers under test read nothing from it. */
export const lambdaContext = {} as Context
