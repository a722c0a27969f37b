import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { presentCase } from '#src/use-cases/present-case.ts'
import { transitionCase } from '#src/use-cases/transition-case.ts'

export const handler = idempotentRouteHandler(routes.transitionCase, async ({ params, body, caller }) => {
  const deps = dependencies()
  const updated = await transitionCase(params.caseId, body, caller, deps)
  return {
    body: await presentCase(updated, deps, deps.clock.now()),
    headers: { etag: `"${updated.version}"` },
  }
})
