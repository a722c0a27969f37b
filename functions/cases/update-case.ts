import { ifMatchVersion } from '#src/http/preconditions.ts'
import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { presentCase } from '#src/use-cases/present-case.ts'
import { updateCase } from '#src/use-cases/update-case.ts'

export const handler = routeHandler(routes.updateCase, async ({ params, headers, body, caller }) => {
  const deps = dependencies()
  const updated = await updateCase(params.caseId, ifMatchVersion(headers), body, caller, deps)
  return {
    body: await presentCase(updated, deps, deps.clock.now()),
    headers: { etag: `"${updated.version}"` },
  }
})
