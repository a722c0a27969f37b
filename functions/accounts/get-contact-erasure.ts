import { accountRoutes } from '#src/http/account-routes.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { erasureRecords } from '#src/runtime/erasure-records-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getContactErasure } from '#src/use-cases/accounts/erase-contact.ts'

const deps = lazyDependencies({
  accounts: directoryReader,
  contacts: directoryReader,
  erasures: erasureRecords,
})

/** `GET /v1/accounts/{accountId}/contacts/{contactId}/erasure`: the record of the person's erasure. */
export const handler = routeHandler(accountRoutes.getContactErasure, async ({ params, caller }) => ({
  body: await getContactErasure(params.accountId, params.contactId, caller, deps),
}))
