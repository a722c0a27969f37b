import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { registerContact } from '#src/use-cases/accounts/register-contact.ts'

export const handler = routeHandler(routes.createContact, async ({ params, body, caller }) => {
  const contact = await registerContact(params.accountId, body, caller, dependencies())
  return {
    body: contact,
    headers: { location: `/v1/accounts/${contact.accountId}/contacts/${contact.id}` },
  }
})
