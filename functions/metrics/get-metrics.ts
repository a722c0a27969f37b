import { metricsRoutes } from '#src/http/metrics-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { metricsStore } from '#src/runtime/metrics-store-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getMetrics } from '#src/use-cases/metrics/get-metrics.ts'

const deps = lazyDependencies({ metrics: metricsStore, accounts: directory })

/** `GET /v1/metrics`: a period's case metrics from the aggregates. */
export const handler = routeHandler(metricsRoutes.getMetrics, async ({ query, caller }) => ({
  body: await getMetrics(query, caller, deps),
}))
