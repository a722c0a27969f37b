import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listCases } from '#src/use-cases/list-cases.ts'
import { presentCases } from '#src/use-cases/present-case.ts'

export const handler = routeHandler(routes.listCases, async ({ query, caller }) => {
  const deps = dependencies()
  const page = await listCases(query, caller, deps)
  return {
    body: { items: await presentCases(page.cases, deps, deps.clock.now()), nextCursor: page.nextCursor },
  }
})
