import { accountRoutes } from '#src/http/account-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { createAccount } from '#src/use-cases/accounts/create-account.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'

const deps = lazyDependencies({ accounts: directory, staff: directory, slaSettings, clock, ids })

export const handler = idempotentRouteHandler(accountRoutes.createAccount, async ({ body, caller }) => {
  const view = presentAccount(await createAccount(body, caller, deps))
  return {
    body: view,
    headers: { location: `/v1/accounts/${view.id}`, etag: `"${view.version}"` },
  }
})
