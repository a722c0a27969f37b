import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { escalateCase } from '#src/use-cases/escalate-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'

export const handler = idempotentRouteHandler(routes.escalateCase, async ({ params, body, caller }) => {
  const deps = dependencies()
  const escalated = await escalateCase(params.caseId, body, caller, deps)
  return {
    body: await presentCase(escalated, deps, deps.clock.now()),
    headers: { etag: `"${escalated.version}"` },
  }
})
