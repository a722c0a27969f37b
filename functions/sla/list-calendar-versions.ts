import { slaRoutes } from '#src/http/sla-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettingsWithVersionLists } from '#src/runtime/sla-versions-dependency.ts'
import { listCalendarVersions } from '#src/use-cases/sla.ts'

const deps = lazyDependencies({ slaSettings: slaSettingsWithVersionLists })

export const handler = routeHandler(slaRoutes.listCalendarVersions, async ({ params, query }) => ({
  body: await listCalendarVersions(params.calendarId, query, deps),
}))
