import { accountRoutes } from '#src/http/account-routes.ts'
import { contactExportSource, directoryReader } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { exportContact } from '#src/use-cases/accounts/export-contact.ts'

const deps = lazyDependencies({
  accounts: directoryReader,
  contacts: directoryReader,
  contactExport: contactExportSource,
})

/** `GET /v1/accounts/{accountId}/contacts/{contactId}/export`: the person's stored items as NDJSON. */
export const handler = routeHandler(accountRoutes.exportContact, async ({ params, caller }) => ({
  body: await exportContact(params.accountId, params.contactId, caller, deps),
}))
