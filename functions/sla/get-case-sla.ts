import { slaRoutes } from '#src/http/sla-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { getCaseSla } from '#src/use-cases/sla.ts'

const deps = lazyDependencies({ cases: caseStore, slaSettings, clock })

export const handler = routeHandler(slaRoutes.getCaseSla, async ({ params, caller }) => ({
  body: await getCaseSla(params.caseId, caller, deps),
}))
