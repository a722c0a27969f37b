import { randomUUID } from 'node:crypto'
import type { APIGatewayProxyResultV2 } from 'aws-lambda'
import { decodeJwt } from 'jose'
import { flattenClaims, lambdaContext } from '#local/api-gateway-event.ts'
import type { HttpEvent } from '#src/http/http-handler.ts'

/** A route's handler as Lambda calls it: the API Gateway event in, the response out. */
export type RouteInvoker = () => Promise<APIGatewayProxyResultV2>

/** Claims by token: decoding is API Gateway's work, so it is done once, outside the timed invocations. */
const claimsOfToken = new Map<string, ReturnType<typeof flattenClaims>>()

function claimsOf(token: string): ReturnType<typeof flattenClaims> {
  let claims = claimsOfToken.get(token)
  if (!claims) {
    claims = flattenClaims(decodeJwt(token))
    claimsOfToken.set(token, claims)
  }
  return claims
}

/**
 * The payload-format-2.0 event API Gateway hands a function after its JWT authorizer accepted the
 * token: the claims as strings under `requestContext.authorizer.jwt`. Verifying the token is API
 * Gateway's work, so the bench decodes it and leaves the verification out of the function's time.
 */
export function authorizedEvent(options: {
  token: string
  method: string
  routeKey: string
  path: string
  pathParameters?: Record<string, string>
  query?: Record<string, string>
}): HttpEvent {
  const { token, method, routeKey, path, pathParameters, query } = options
  const now = new Date()
  const search = new URLSearchParams(query ?? {}).toString()
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: search,
    headers: { authorization: `Bearer ${token}`, host: 'bench.local', 'user-agent': 'bench' },
    ...(query ? { queryStringParameters: query } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: { ...claimsOf(token) }, scopes: [] },
      },
    } as HttpEvent['requestContext'],
    isBase64Encoded: false,
  }
}

/**
 * Calls a `functions/` module's handler in this process with a fresh event each time (a new request
 * id, as API Gateway sends), and fails loudly on a non-2xx answer so a broken route cannot look fast.
 */
export async function invokerFor(module: string, event: () => HttpEvent): Promise<RouteInvoker> {
  const { handler } = (await import(`#functions/${module}.ts`)) as {
    handler: (event: HttpEvent, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyResultV2>
  }
  const context = lambdaContext(module)
  return async () => {
    const result = await handler(event(), context)
    const status = typeof result === 'object' ? (result.statusCode ?? 200) : 200
    if (status >= 300) throw new Error(`${module} answered ${status}: ${JSON.stringify(result)}`)
    return result
  }
}
