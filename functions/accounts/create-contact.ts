import { accountRoutes } from '#src/http/account-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { identityProvider } from '#src/runtime/identity-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock } from '#src/runtime/table-context.ts'
import { registerContact } from '#src/use-cases/accounts/register-contact.ts'

const deps = lazyDependencies({ accounts: directory, contacts: directory, identity: identityProvider, clock })

export const handler = idempotentRouteHandler(
  accountRoutes.createContact,
  async ({ params, body, caller }) => {
    const contact = await registerContact(params.accountId, body, caller, deps)
    return {
      body: contact,
      // No route reads one contact: Location names the account's contacts, where it is listed.
      headers: { location: `/v1/accounts/${contact.accountId}/contacts` },
    }
  },
)
