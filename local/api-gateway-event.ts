import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Context } from 'aws-lambda'
import type { JWTPayload } from 'jose'
import type { HttpEvent } from '#src/http/http-handler.ts'

/**
 * API Gateway HTTP APIs hand JWT claims to the function as strings: arrays become `[a b]`,
 * numbers and booleans their text. Imitating that here keeps the local runtime honest.
 */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  )
}

/** Builds the payload-format-2.0 event that API Gateway would send for this request. */
export function toHttpApiEvent(options: {
  request: IncomingMessage
  body: Buffer
  routeKey: string
  pathParameters: Record<string, string>
  claims: JWTPayload | undefined
}): HttpEvent {
  const { request, body, routeKey, pathParameters, claims } = options
  const url = new URL(request.url ?? '/', 'http://localhost')
  const headers: Record<string, string> = {}
  const cookies: string[] = []
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/))
    else headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value
  }
  // Repeated query parameters arrive comma-joined, as API Gateway does it.
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value
  const now = new Date()
  const isText =
    body.length === 0 ||
    /json|text|xml|x-www-form-urlencoded/i.test(headers['content-type'] ?? 'application/json')
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: claims
        ? { principalId: '', integrationLatency: 0, jwt: { claims: flattenClaims(claims), scopes: [] } }
        : undefined,
    } as HttpEvent['requestContext'],
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  }
}

/** A Lambda context as the runtime would pass it; handlers may ask for the remaining time. */
export function lambdaContext(functionName: string, timeoutMs = 29_000): Context {
  const deadline = Date.now() + timeoutMs
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}
