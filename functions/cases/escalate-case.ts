import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { escalateCase } from '#src/use-cases/escalate-case.ts'

export const handler = routeHandler(routes.escalateCase, async ({ params, body, caller }) => {
  const escalated = await escalateCase(params.caseId, body, caller, dependencies())
  return { body: escalated, headers: { etag: `"${escalated.version}"` } }
})
