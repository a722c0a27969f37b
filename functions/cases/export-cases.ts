import { routes } from '#src/http/routes.ts'
import { nextCursorHeader } from '#src/http/schemas/metrics.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { exportCases } from '#src/use-cases/metrics/export-cases.ts'
import { presentCases } from '#src/use-cases/present-case.ts'

/** `GET /v1/cases/export`: one page of cases as NDJSON, the next page's cursor in a header. */
export const handler = routeHandler(routes.exportCases, async ({ query, caller }) => {
  const deps = dependencies()
  const page = await exportCases(query, caller, deps)
  const headers: Record<string, string> = {}
  if (page.nextCursor) headers[nextCursorHeader] = page.nextCursor
  return { body: await presentCases(page.cases, deps, deps.clock.now()), headers }
})
