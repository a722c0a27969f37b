import { contactExportSections } from '#src/use-cases/accounts/contact-export-lines.ts'
import { maxExportLines } from '#src/use-cases/accounts/contact-export-page.ts'
import * as z from '#src/zod.ts'
import { pageCursor, resourceId } from './common.ts'

/** The path of `GET /v1/accounts/{accountId}/contacts/{contactId}/export`. */
export const ContactExportParams = z.object({
  accountId: resourceId.clone().register(z.globalRegistry, {
    description: "The contact's account (a customer admin: its own; another account's answers 404)",
  }),
  contactId: resourceId.clone().register(z.globalRegistry, {
    description: 'The person whose data is exported: a contact of that account (404 otherwise)',
  }),
})

/** The query of the access export: which page, and at most how many lines on it. */
export const ContactExportQuery = z.strictObject({
  limit: z
    ._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(maxExportLines)), maxExportLines)
    .register(z.globalRegistry, {
      description: `At most this many lines on the page (1–${maxExportLines}, ${maxExportLines} when absent); a page also stops at about 4 MB`,
    }),
  cursor: pageCursor().register(z.globalRegistry, {
    description:
      'Opaque: the `cursor` of the `Link: <…>; rel="next"` URL of the page before. Valid for this contact of this account only (400 otherwise)',
  }),
})

/** The response header that names the next page of the export (absent on the last page). */
export const linkHeader = 'link'

/** One line of the access export (docs/privacy.md, Access export). */
export const ContactExportLine = z
  .object({
    section: z.enum(contactExportSections).register(z.globalRegistry, {
      description:
        'profile (the contact, its e-mail claim), cases (they are the contact of), watching (their watcher items), comments, history, files (they authored), surveys (of their cases), mail (sent-notification records and threads of mail to them), erasures (the erasure record, if one began). Lines come section by section in this order',
    }),
    record: z.record(z.string(), z.unknown()).register(z.globalRegistry, {
      description:
        'The stored item as it is kept, without storage keys and TTL; profile, files and mail records name their `kind`',
    }),
  })
  .register(z.globalRegistry, { description: 'One stored item about the person, and its section' })

export const ContactExport = z.array(ContactExportLine).register(z.globalRegistry, {
  contentMediaType: 'application/x-ndjson',
  description:
    'Every stored item about the person, one per line (newline-delimited JSON), section by section; nothing another person wrote. One page of it: while more remain, the `Link` header names the next page (rel="next")',
})
