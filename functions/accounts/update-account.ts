import { accountRoutes } from '#src/http/account-routes.ts'
import { optionalIfMatchVersion } from '#src/http/preconditions.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'
import { updateAccount } from '#src/use-cases/accounts/update-account.ts'

const deps = lazyDependencies({ accounts: directory, staff: directory, slaSettings, clock })

export const handler = routeHandler(
  accountRoutes.updateAccount,
  async ({ params, headers, body, caller }) => {
    // If-Match is optional here: a PATCH changes only the fields it names, atomically, so without it
    // nothing another admin changed is lost; with it the change applies only to the version read.
    const expectedVersion = optionalIfMatchVersion(headers)
    const view = presentAccount(await updateAccount(params.accountId, expectedVersion, body, caller, deps))
    return { body: view, headers: { etag: `"${view.version}"` } }
  },
)
