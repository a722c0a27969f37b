import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { previewSla } from '#src/use-cases/sla.ts'

export const handler = routeHandler(routes.previewSla, async ({ body }) => ({
  body: await previewSla(body, dependencies()),
}))
