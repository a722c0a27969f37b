import { slaRoutes } from '#src/http/sla-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { getSlaPolicy } from '#src/use-cases/sla.ts'

const deps = lazyDependencies({ slaSettings })

export const handler = routeHandler(slaRoutes.getSlaPolicyVersion, async ({ params }) => ({
  body: await getSlaPolicy(params.policyId, deps, params.version),
}))
