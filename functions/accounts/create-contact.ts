import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { withIdentity } from '#src/runtime/identity-dependency.ts'
import { registerContact } from '#src/use-cases/accounts/register-contact.ts'

export const handler = idempotentRouteHandler(routes.createContact, async ({ params, body, caller }) => {
  const contact = await registerContact(params.accountId, body, caller, withIdentity(dependencies()))
  return {
    body: contact,
    headers: { location: `/v1/accounts/${contact.accountId}/contacts/${contact.id}` },
  }
})
