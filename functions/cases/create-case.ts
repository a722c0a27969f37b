import { caseWriteRoutes } from '#src/http/case-write-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'

const deps = lazyDependencies({
  cases: caseStore,
  accounts: directoryReader,
  contacts: directoryReader,
  slaSettings,
  caseFields,
  queues: queueSettings,
  clock,
  ids,
})

export const handler = idempotentRouteHandler(caseWriteRoutes.createCase, async ({ body, caller }) => {
  const created = await createCase(body, caller, deps)
  return {
    body: await presentCase(created, deps, deps.clock.now(), caller.kind),
    headers: { location: `/v1/cases/${created.id}`, etag: `"${created.version}"` },
  }
})
