import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listContacts } from '#src/use-cases/accounts/list-contacts.ts'

export const handler = routeHandler(routes.listContacts, async ({ params, query, caller }) => ({
  body: await listContacts(params.accountId, query, caller, dependencies()),
}))
