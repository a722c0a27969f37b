import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'

export const handler = idempotentRouteHandler(routes.createCase, async ({ body, caller }) => {
  const deps = dependencies()
  const created = await createCase(body, caller, deps)
  return {
    body: await presentCase(created, deps, deps.clock.now()),
    headers: { location: `/v1/cases/${created.id}`, etag: `"${created.version}"` },
  }
})
