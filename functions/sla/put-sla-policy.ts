import { slaRoutes } from '#src/http/sla-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettingsAdmin } from '#src/runtime/sla-settings-admin-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { putSlaPolicy } from '#src/use-cases/sla.ts'

const deps = lazyDependencies({ slaSettings: slaSettingsAdmin, clock })

export const handler = routeHandler(slaRoutes.putSlaPolicy, async ({ params, body }) => ({
  body: await putSlaPolicy(params.policyId, body, deps),
}))
