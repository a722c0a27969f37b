import type { Serve } from '#src/http/http-handler.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { idempotencyMiddleware } from './idempotency.ts'
import { baseRouteHandler } from './route-handler.ts'
import { tableContext } from './table-context.ts'

/**
 * The Lambda handler of a creating route that honours `Idempotency-Key` (docs/architecture.md, API conventions): the route's
 * handler, with Powertools idempotency after the rate limit (a refused request leaves no
 * idempotency record behind). Only these entries carry Powertools idempotency in their bundle.
 */
export function idempotentRouteHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
  if (!route.idempotent)
    throw new Error(`${route.operationId} is not marked idempotent in the route table: use routeHandler`)
  const { dynamodb, config } = tableContext()
  return baseRouteHandler(route, serve).use(
    idempotencyMiddleware({
      client: dynamodb,
      tableName: config.tableName,
      functionName: config.functionName,
    }),
  )
}
