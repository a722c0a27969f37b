import { accountRoutes } from '#src/http/account-routes.ts'
import { contactAddresses, directory } from '#src/runtime/directory-dependency.ts'
import { identityProvider } from '#src/runtime/identity-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { updateContact } from '#src/use-cases/accounts/update-contact.ts'

const deps = lazyDependencies({
  accounts: directory,
  contacts: directory,
  addresses: contactAddresses,
  identity: identityProvider,
  clock,
})

export const handler = routeHandler(accountRoutes.updateContact, async ({ params, body, caller }) => ({
  body: await updateContact(params.accountId, params.contactId, body, caller, deps),
}))
