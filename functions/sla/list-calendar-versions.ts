import { slaRoutes } from '#src/http/sla-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettingVersions } from '#src/runtime/sla-versions-dependency.ts'
import { listCalendarVersions } from '#src/use-cases/sla.ts'

const deps = lazyDependencies({ slaVersions: slaSettingVersions })

export const handler = routeHandler(slaRoutes.listCalendarVersions, async ({ params, query }) => ({
  body: await listCalendarVersions(params.calendarId, query, deps),
}))
