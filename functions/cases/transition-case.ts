import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { transitionCase } from '#src/use-cases/transition-case.ts'

export const handler = routeHandler(routes.transitionCase, async ({ params, body, caller }) => {
  const updated = await transitionCase(params.caseId, body, caller, dependencies())
  return { body: updated, headers: { etag: `"${updated.version}"` } }
})
