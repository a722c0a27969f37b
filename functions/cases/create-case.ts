import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { createCase } from '#src/use-cases/create-case.ts'

export const handler = routeHandler(routes.createCase, async ({ body, caller }) => {
  const created = await createCase(body, caller, dependencies())
  return { body: created, headers: { location: `/v1/cases/${created.id}`, etag: `"${created.version}"` } }
})
