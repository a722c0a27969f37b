import { ifMatchVersion } from '#src/http/preconditions.ts'
import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'
import { updateAccount } from '#src/use-cases/accounts/update-account.ts'

export const handler = routeHandler(routes.updateAccount, async ({ params, headers, body, caller }) => {
  // If-Match is optional here: a PATCH changes only the fields it names, atomically, so without it
  // nothing another admin changed is lost; with it the change applies only to the version read.
  const expectedVersion = headers['if-match']?.trim() ? ifMatchVersion(headers) : undefined
  const view = presentAccount(
    await updateAccount(params.accountId, expectedVersion, body, caller, dependencies()),
  )
  return { body: view, headers: { etag: `"${view.version}"` } }
})
