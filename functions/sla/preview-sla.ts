import { slaRoutes } from '#src/http/sla-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { previewSla } from '#src/use-cases/sla.ts'

const deps = lazyDependencies({ slaSettings, clock })

export const handler = routeHandler(slaRoutes.previewSla, async ({ body }) => ({
  body: await previewSla(body, deps),
}))
