import { accountRoutes } from '#src/http/account-routes.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { personalData, rawMailStore } from '#src/runtime/erasure-dependencies.ts'
import { erasureRecords } from '#src/runtime/erasure-records-dependency.ts'
import { identityProvider } from '#src/runtime/identity-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { caseObjectStore } from '#src/runtime/retention-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { eraseContact } from '#src/use-cases/accounts/erase-contact.ts'

const deps = lazyDependencies({
  accounts: directoryReader,
  contacts: directoryReader,
  erasures: erasureRecords,
  personalData,
  rawMail: rawMailStore,
  fileObjects: caseObjectStore,
  identity: identityProvider,
  clock,
})

/** `POST /v1/accounts/{accountId}/contacts/{contactId}/erasure`: erases the person (docs/privacy.md). */
export const handler = routeHandler(accountRoutes.eraseContact, async ({ params, body, caller }) => ({
  body: await eraseContact(params.accountId, params.contactId, body, caller, deps),
}))
