import type { RouteDefinition } from './route-table.ts'

/** Metrics and the case export (issue 7): `/v1/metrics`, `/v1/cases/export`. */
export const metricsRoutes = {} satisfies Record<string, RouteDefinition>
