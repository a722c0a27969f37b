import { httpHandler, type PublicServe, publicHttpHandler, type Serve } from '#src/http/http-handler.ts'
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

/**
 * The Lambda handler of a public route (no token, no caller) that uses the runtime's dependencies,
 * like the survey links will. Idempotency keys are per caller, so a public route cannot be marked
 * idempotent. A public route that reads no data (the API reference) builds on `publicHttpHandler`
 * directly, so that its bundle carries neither the AWS SDK nor the calendars.
 */
export function publicRouteHandler<R extends RouteDefinition>(route: R, serve: PublicServe<R>) {
  if (route.idempotent) {
    throw new Error(`${route.operationId} is public: Idempotency-Key needs a caller to scope the key to.`)
  }
  return publicHttpHandler(route, serve)
}
