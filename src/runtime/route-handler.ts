import { createRateWindowCounter } from '#src/adapters/dynamodb/rate-window-counter.ts'
import { readRateLimits } from '#src/config.ts'
import {
  type ErrorPage,
  httpHandler,
  type PublicServe,
  publicHttpHandler,
  type Serve,
} from '#src/http/http-handler.ts'
import { rateLimit } from '#src/http/rate-limit.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { countMetric, metricNames } from '#src/operational-metrics.ts'
import { createRateLimiter, type RateLimiter } from '#src/use-cases/rate-limit.ts'
import { tableContext } from './table-context.ts'

let limiter: RateLimiter | undefined

/**
 * The process's rate limiter, built on first use: the limits from `RATE_LIMIT_*` (none when unset),
 * the shared write counter in the table, the runtime's clock, and a metric for every refusal.
 */
function rateLimiter(): RateLimiter {
  if (!limiter) {
    const { doc, config, clock } = tableContext()
    limiter = createRateLimiter({
      limits: readRateLimits(),
      counter: createRateWindowCounter(doc, config.tableName),
      clock,
      onLimited: (kind) => countMetric(metricNames.rateLimited, { kind }),
      onCounterUnavailable: () => countMetric(metricNames.rateLimitUnavailable),
    })
  }
  return limiter
}

/**
 * The Lambda handler of one route, as every `functions/` entry builds it: the HTTP wrapper of
 * `src/http` and the per-caller rate limit. A route the table marks idempotent is built with
 * `idempotentRouteHandler` instead, which adds `Idempotency-Key` handling (Powertools, kept out of
 * every other bundle); building it here fails loudly, so no entry can forget it.
 */
export function routeHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
  if (route.idempotent)
    throw new Error(`${route.operationId} honours Idempotency-Key: build it with idempotentRouteHandler`)
  return baseRouteHandler(route, serve)
}

/** The HTTP wrapper and the rate limit: what every route's handler starts from. */
export function baseRouteHandler<R extends RouteDefinition>(route: R, serve: Serve<R>) {
  return httpHandler(route, serve).use(rateLimit(route, rateLimiter))
}

/**
 * The Lambda handler of a public route (no token, no caller) that reads data, as the survey links
 * do. Idempotency keys are per caller, so a public route cannot be marked
 * idempotent. A public route that reads no data (the API reference) builds on `publicHttpHandler`
 * directly, so that its bundle carries neither the AWS SDK nor the calendars. A page route (the
 * hosted survey page) names the page its errors become.
 */
export function publicRouteHandler<R extends RouteDefinition>(
  route: R,
  serve: PublicServe<R>,
  errorPage?: ErrorPage,
) {
  if (route.idempotent) {
    throw new Error(`${route.operationId} is public: Idempotency-Key needs a caller to scope the key to.`)
  }
  return publicHttpHandler(route, serve, errorPage)
}
