import { metricsRoutes } from '#src/http/metrics-routes.ts'
import { nextCursorHeader } from '#src/http/schemas/metrics.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { metricsStore } from '#src/runtime/metrics-store-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { exportCases } from '#src/use-cases/metrics/export-cases.ts'
import { presentCases } from '#src/use-cases/present-case.ts'

const deps = lazyDependencies({ caseExport: () => metricsStore(cursorCodec), slaSettings, caseFields, clock })

/** `GET /v1/cases/export`: one page of cases as NDJSON, the next page's cursor in a header. */
export const handler = routeHandler(metricsRoutes.exportCases, async ({ query, caller }) => {
  const page = await exportCases(query, caller, deps)
  const headers: Record<string, string> = {}
  if (page.nextCursor) headers[nextCursorHeader] = page.nextCursor
  return { body: await presentCases(page.cases, deps, deps.clock.now(), 'staff'), headers }
})
