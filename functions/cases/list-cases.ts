import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listCases } from '#src/use-cases/list-cases.ts'

export const handler = routeHandler(routes.listCases, async ({ query, caller }) => {
  const page = await listCases(query, caller, dependencies())
  return { body: { items: page.cases, nextCursor: page.nextCursor } }
})
