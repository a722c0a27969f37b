import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { putCalendar } from '#src/use-cases/sla.ts'

export const handler = routeHandler(routes.putCalendar, async ({ params, body }) => ({
  body: await putCalendar(params.calendarId, body, dependencies()),
}))
