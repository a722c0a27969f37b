import { accountRoutes } from '#src/http/account-routes.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listContacts } from '#src/use-cases/accounts/list-contacts.ts'

const listingDirectory = () => directory(cursorCodec)
const deps = lazyDependencies({ accounts: listingDirectory, contacts: listingDirectory })

export const handler = routeHandler(accountRoutes.listContacts, async ({ params, query, caller }) => ({
  body: await listContacts(params.accountId, query, caller, deps),
}))
