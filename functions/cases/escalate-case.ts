import { caseWriteRoutes } from '#src/http/case-write-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { escalateCase } from '#src/use-cases/escalate-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'

const deps = lazyDependencies({ cases: caseStore, slaSettings, caseFields, clock, ids })

export const handler = idempotentRouteHandler(
  caseWriteRoutes.escalateCase,
  async ({ params, body, caller }) => {
    const escalated = await escalateCase(params.caseId, body, caller, deps)
    return {
      body: await presentCase(escalated, deps, deps.clock.now(), caller.kind),
      headers: { etag: `"${escalated.version}"` },
    }
  },
)
