import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getAccount } from '#src/use-cases/accounts/get-account.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'

export const handler = routeHandler(routes.getAccount, async ({ params, caller }) => {
  const view = presentAccount(await getAccount(params.accountId, caller, dependencies()))
  return { body: view, headers: { etag: `"${view.version}"` } }
})
