import type { MiddlewareObj } from '@middy/core'
import type { Serve } from '#src/http/http-handler.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { idempotencyMiddleware } from './idempotency.ts'
import { baseRouteHandler } from './route-handler.ts'
import { tableContext } from './table-context.ts'

type IdempotencyMiddleware = ReturnType<typeof idempotencyMiddleware>
type Request = Parameters<NonNullable<IdempotencyMiddleware['before']>>[0]

let idempotency: IdempotencyMiddleware | undefined

/** The process's idempotency layer, built by the first request that carries a key. */
function idempotencyLayer(): IdempotencyMiddleware {
  if (!idempotency) {
    const { dynamodb, config } = tableContext()
    idempotency = idempotencyMiddleware({
      client: dynamodb,
      tableName: config.tableName,
      functionName: config.functionName,
    })
  }
  return idempotency
}

/**
 * Whether the request asks for deduplication: a non-empty `Idempotency-Key` (API Gateway hands
 * header names in lower case). The key expression in `idempotencyMiddleware` treats a missing or
 * empty header alike, as "not deduplicated".
 */
function carriesKey(request: Request): boolean {
  const headers = (request.event as { headers?: Record<string, string | undefined> }).headers
  return Boolean(headers?.['idempotency-key'])
}

/**
 * The Lambda handler of a creating route that honours `Idempotency-Key` (docs/architecture.md, API conventions): the route's
 * handler, with Powertools idempotency after the rate limit (a refused request leaves no
 * idempotency record behind). Only these entries carry Powertools idempotency in their bundle.
 * The idempotency layer is built by the first request with a key, not at cold start, and a request
 * without one passes it by (docs/performance.md): nothing of it runs for requests that do not ask.
 */
export function idempotentRouteHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
  if (!route.idempotent)
    throw new Error(`${route.operationId} is not marked idempotent in the route table: use routeHandler`)
  const whenKeyed =
    (hook: 'before' | 'after' | 'onError') =>
    (request: Request): unknown =>
      carriesKey(request) ? idempotencyLayer()[hook]?.(request) : undefined
  const onlyWithKey: MiddlewareObj = {
    before: whenKeyed('before'),
    after: whenKeyed('after'),
    onError: whenKeyed('onError'),
  }
  return baseRouteHandler(route, serve).use(onlyWithKey)
}
