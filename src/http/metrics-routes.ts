import { caseExporterRoles, metricsReaderRoles } from '#src/domain/metrics/access.ts'
import { defineRoute, type RouteDefinition } from './route-table.ts'
import { CaseExport, ExportCasesQuery, MetricsQuery, MetricsReport } from './schemas/metrics.ts'

/** Metrics and the case export (docs/metrics.md): `/v1/metrics`, `/v1/cases/export`. */
export const metricsRoutes = {
  getMetrics: defineRoute({
    operationId: 'getMetrics',
    method: 'GET',
    path: '/v1/metrics',
    handler: 'metrics/get-metrics',
    access: { kind: 'roles', roles: metricsReaderRoles },
    summary:
      'Case metrics of a period (UTC days, at most 366): opened, closed, first-response SLA compliance and business minutes (median, p90), backlog, CSAT — in total, per severity and per day. Managers and admins: all accounts or one; a customer admin: its own account',
    request: { query: MetricsQuery },
    response: { status: 200, body: MetricsReport },
    // An account named in the query that the caller may not see, or that does not exist.
    problems: [404],
  }),
  // API Gateway (and the local router) prefer this literal path over `/v1/cases/{caseId}`.
  exportCases: defineRoute({
    operationId: 'exportCases',
    method: 'GET',
    path: '/v1/cases/export',
    handler: 'cases/export-cases',
    access: { kind: 'roles', roles: caseExporterRoles },
    summary:
      'Export the cases created in a period (UTC days, at most 366) as NDJSON, one case per line, oldest first; the next page’s cursor comes in the X-Next-Cursor header (absent on the last page)',
    request: { query: ExportCasesQuery },
    response: { status: 200, body: CaseExport },
  }),
} satisfies Record<string, RouteDefinition>
