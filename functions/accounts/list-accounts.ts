import { accountRoutes } from '#src/http/account-routes.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listAccounts } from '#src/use-cases/accounts/list-accounts.ts'
import { presentAccount } from '#src/use-cases/accounts/present-account.ts'

const deps = lazyDependencies({ accounts: () => directory(cursorCodec) })

export const handler = routeHandler(accountRoutes.listAccounts, async ({ query, caller }) => {
  const page = await listAccounts(query, caller, deps)
  return { body: { items: page.items.map(presentAccount), nextCursor: page.nextCursor } }
})
