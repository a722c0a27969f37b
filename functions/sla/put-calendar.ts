import { slaRoutes } from '#src/http/sla-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettingsAdmin } from '#src/runtime/sla-settings-admin-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { putCalendar } from '#src/use-cases/sla.ts'

const deps = lazyDependencies({ slaSettings: slaSettingsAdmin, clock })

export const handler = routeHandler(slaRoutes.putCalendar, async ({ params, body }) => ({
  body: await putCalendar(params.calendarId, body, deps),
}))
