import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getCase } from '#src/use-cases/get-case.ts'

export const handler = routeHandler(routes.getCase, async ({ params, caller }) => {
  const found = await getCase(params.caseId, caller, dependencies())
  return { body: found, headers: { etag: `"${found.version}"` } }
})
