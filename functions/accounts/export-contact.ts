import { accountRoutes } from '#src/http/account-routes.ts'
import { nextPageLink } from '#src/http/next-page-link.ts'
import { linkHeader } from '#src/http/schemas/contact-export.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { contactExportSource, directoryReader } from '#src/runtime/directory-dependency.ts'
import { erasureRecords } from '#src/runtime/erasure-records-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { exportContact } from '#src/use-cases/accounts/export-contact.ts'

const deps = lazyDependencies({
  accounts: directoryReader,
  contacts: directoryReader,
  contactExport: contactExportSource,
  cursors: () => cursorCodec,
  erasures: erasureRecords,
})

/**
 * `GET /v1/accounts/{accountId}/contacts/{contactId}/export`: one page of the person's stored
 * items as NDJSON, the next page's URL in a `Link` header.
 */
export const handler = routeHandler(accountRoutes.exportContact, async ({ params, query, caller }) => {
  const page = await exportContact(params.accountId, params.contactId, caller, query, deps)
  const path = `/v1/accounts/${params.accountId}/contacts/${params.contactId}/export`
  const headers: Record<string, string> = {}
  if (page.nextCursor) headers[linkHeader] = nextPageLink(path, page.nextCursor, query.limit)
  return { body: page.lines, headers }
})
