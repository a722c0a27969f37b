import { caseUpdateRoutes } from '#src/http/case-update-routes.ts'
import { ifMatchVersion } from '#src/http/preconditions.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueCatalogue } from '#src/runtime/queue-catalogue-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { presentCase } from '#src/use-cases/present-case.ts'
import { updateCase } from '#src/use-cases/update-case.ts'

const deps = lazyDependencies({
  cases: caseStore,
  accounts: directoryReader,
  staff: directoryReader,
  slaSettings,
  caseFields,
  queues: queueCatalogue,
  clock,
  ids,
})

export const handler = routeHandler(
  caseUpdateRoutes.updateCase,
  async ({ params, headers, body, caller }) => {
    const updated = await updateCase(params.caseId, ifMatchVersion(headers), body, caller, deps)
    return {
      body: await presentCase(updated, deps, deps.clock.now(), caller.kind),
      headers: { etag: `"${updated.version}"` },
    }
  },
)
