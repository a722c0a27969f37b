import type { MiddlewareObj } from '@middy/core'
import type { Context } from 'aws-lambda'
import {
  type RateKind,
  type RateLimiter,
  type RateQuota,
  rateLimitHeaders,
} from '#src/use-cases/rate-limit.ts'
import type { HttpEvent, HttpResult } from './http-handler.ts'
import { callerFromClaims, type JwtClaims } from './identity.ts'
import type { RouteDefinition } from './route-table.ts'

/** GET reads; POST, PUT, PATCH and DELETE change something and are counted across instances. */
export function rateKindOf(route: Pick<RouteDefinition, 'method'>): RateKind {
  return route.method === 'GET' ? 'reads' : 'writes'
}

/**
 * The per-caller rate limit in front of a route (on top of the API stage's throttling): counts
 * the verified caller's request before anything else runs (idempotency records included), so a
 * refused request costs nothing more and is answered 429 with `Retry-After` by the problem
 * mapping. An admitted request's answer carries the `RateLimit-Policy` and `RateLimit` headers
 * (`rateLimitHeaders`); so does the 429. A caller whose role may not call the route is not counted: the handler refuses it
 * (403) without touching the table. `limiter` is asked for on the first request, so the
 * configuration is read at first use like every other setting.
 */
export function rateLimit(
  route: RouteDefinition,
  limiter: () => RateLimiter,
): MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  const kind = rateKindOf(route)
  // One invocation at a time per instance: what `before` learnt is what `after` tells.
  let quota: RateQuota | undefined
  return {
    before: async ({ event }) => {
      quota = undefined
      if (route.access.kind !== 'roles') return
      const caller = callerFromClaims(event.requestContext.authorizer?.jwt?.claims as JwtClaims | undefined)
      if (!route.access.roles.includes(caller.role)) return
      quota = await limiter().admit(caller, kind)
    },
    after: (request) => {
      if (!quota || !request.response) return
      request.response.headers = { ...request.response.headers, ...rateLimitHeaders(quota) }
    },
  }
}
