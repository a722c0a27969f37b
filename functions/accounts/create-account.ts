import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { createAccount } from '#src/use-cases/accounts/create-account.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'

export const handler = idempotentRouteHandler(routes.createAccount, async ({ body, caller }) => {
  const view = presentAccount(await createAccount(body, caller, dependencies()))
  return {
    body: view,
    headers: { location: `/v1/accounts/${view.id}`, etag: `"${view.version}"` },
  }
})
