import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { withIdentity } from '#src/runtime/identity-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { updateContact } from '#src/use-cases/accounts/update-contact.ts'

export const handler = routeHandler(routes.updateContact, async ({ params, body, caller }) => ({
  body: await updateContact(params.accountId, params.contactId, body, caller, withIdentity(dependencies())),
}))
