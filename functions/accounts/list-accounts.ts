import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listAccounts } from '#src/use-cases/accounts/list-accounts.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'

export const handler = routeHandler(routes.listAccounts, async ({ query, caller }) => {
  const page = await listAccounts(query, caller, dependencies())
  return { body: { items: page.items.map(presentAccount), nextCursor: page.nextCursor } }
})
