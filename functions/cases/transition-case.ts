import { caseWriteRoutes } from '#src/http/case-write-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { presentCase } from '#src/use-cases/present-case.ts'
import { transitionCase } from '#src/use-cases/transition-case.ts'

const deps = lazyDependencies({
  cases: caseStore,
  accounts: directoryReader,
  slaSettings,
  caseFields,
  clock,
  ids,
})

export const handler = idempotentRouteHandler(
  caseWriteRoutes.transitionCase,
  async ({ params, body, caller }) => {
    const updated = await transitionCase(params.caseId, body, caller, deps)
    return {
      body: await presentCase(updated, deps, deps.clock.now(), caller.kind),
      headers: { etag: `"${updated.version}"` },
    }
  },
)
