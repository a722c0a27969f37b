import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getCase } from '#src/use-cases/get-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'

export const handler = routeHandler(routes.getCase, async ({ params, caller }) => {
  const deps = dependencies()
  const found = await getCase(params.caseId, caller, deps)
  return { body: await presentCase(found, deps, deps.clock.now()), headers: { etag: `"${found.version}"` } }
})
