import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getMetrics } from '#src/use-cases/metrics/get-metrics.ts'

/** `GET /v1/metrics`: a period's case metrics from the aggregates. */
export const handler = routeHandler(routes.getMetrics, async ({ query, caller }) => ({
  body: await getMetrics(query, caller, dependencies()),
}))
