import { httpHandler, type Serve } from '#src/http/http-handler.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { dependencies } from './dependencies.ts'
import { idempotencyMiddleware } from './idempotency.ts'

/**
 * The Lambda handler of one route, as every `functions/` entry builds it: the HTTP wrapper of
 * `src/http`, plus `Idempotency-Key` handling for routes the table marks idempotent.
 */
export function routeHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
  const handler = httpHandler(route, serve)
  if (route.idempotent) {
    const { dynamodb, config } = dependencies()
    handler.use(
      idempotencyMiddleware({
        client: dynamodb,
        tableName: config.tableName,
        functionName: config.functionName,
      }),
    )
  }
  return handler
}
