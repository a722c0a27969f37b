import { caseReadRoutes } from '#src/http/case-read-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { getCase } from '#src/use-cases/get-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'

const deps = lazyDependencies({ cases: caseStore, slaSettings, caseFields, clock })

export const handler = routeHandler(caseReadRoutes.getCase, async ({ params, caller }) => {
  const found = await getCase(params.caseId, caller, deps)
  return {
    body: await presentCase(found, deps, deps.clock.now(), caller.kind),
    headers: { etag: `"${found.version}"` },
  }
})
