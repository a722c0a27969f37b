import { httpHandler } from '#src/http/http-handler.ts'
import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { listCases } from '#src/use-cases/list-cases.ts'

export const handler = httpHandler(routes.listCases, async ({ query, caller }) => {
  const page = await listCases(query, caller, dependencies())
  return { body: { items: page.cases, nextCursor: page.nextCursor } }
})
