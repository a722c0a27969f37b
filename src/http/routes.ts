import { accountRoutes } from './account-routes.ts'
import { caseFieldRoutes } from './case-field-routes.ts'
import { caseRoutes } from './case-routes.ts'
import { docsRoutes } from './docs-routes.ts'
import { eventRoutes } from './event-routes.ts'
import { fileRoutes } from './file-routes.ts'
import { kbRoutes } from './kb-routes.ts'
import { linkRoutes } from './link-routes.ts'
import { metricsRoutes } from './metrics-routes.ts'
import { queueRoutes } from './queue-routes.ts'
import type { RouteDefinition } from './route-table.ts'
import { routingRoutes } from './routing-routes.ts'
import { slaRoutes } from './sla-routes.ts'
import { surveyRoutes } from './survey-routes.ts'
import { watcherRoutes } from './watcher-routes.ts'
import { webhookDeliveryRoutes } from './webhook-delivery-routes.ts'
import { webhookRoutes } from './webhook-routes.ts'

/**
 * The route table, one file per aggregate. CDK creates one Lambda function and one HTTP API route
 * per entry, the local server dispatches to the same handler modules, and the OpenAPI document is
 * generated from it (docs/architecture.md). The order here is the order of the OpenAPI document.
 */
export const routes = {
  ...caseRoutes,
  ...caseFieldRoutes,
  ...fileRoutes,
  ...linkRoutes,
  ...watcherRoutes,
  ...queueRoutes,
  ...routingRoutes,
  ...slaRoutes,
  ...surveyRoutes,
  ...accountRoutes,
  ...kbRoutes,
  ...metricsRoutes,
  ...webhookRoutes,
  ...webhookDeliveryRoutes,
  ...eventRoutes,
  ...docsRoutes,
} satisfies Record<string, RouteDefinition>

export const routeList: readonly RouteDefinition[] = Object.values(routes)
