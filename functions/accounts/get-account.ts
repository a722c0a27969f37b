import { accountRoutes } from '#src/http/account-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getAccount } from '#src/use-cases/accounts/get-account.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'

const deps = lazyDependencies({ accounts: directory, contacts: directory })

export const handler = routeHandler(accountRoutes.getAccount, async ({ params, caller }) => {
  const view = presentAccount(await getAccount(params.accountId, caller, deps))
  return { body: view, headers: { etag: `"${view.version}"` } }
})
