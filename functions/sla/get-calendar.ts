import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getCalendar } from '#src/use-cases/sla.ts'

export const handler = routeHandler(routes.getCalendar, async ({ params }) => ({
  body: await getCalendar(params.calendarId, dependencies()),
}))
