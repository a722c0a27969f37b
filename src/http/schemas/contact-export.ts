import { contactExportSections } from '#src/use-cases/accounts/export-contact.ts'
import * as z from '#src/zod.ts'
import { resourceId } from './common.ts'

/** The path of `GET /v1/accounts/{accountId}/contacts/{contactId}/export`. */
export const ContactExportParams = z.object({
  accountId: resourceId.clone().register(z.globalRegistry, {
    description: "The contact's account (a customer admin: its own; another account's answers 404)",
  }),
  contactId: resourceId.clone().register(z.globalRegistry, {
    description: 'The person whose data is exported: a contact of that account (404 otherwise)',
  }),
})

/** One line of the access export (docs/privacy.md, Access export). */
export const ContactExportLine = z
  .object({
    section: z.enum(contactExportSections).register(z.globalRegistry, {
      description:
        'profile (the contact, its e-mail claim), cases (they are the contact of), watching (their watcher items), comments, history, files (they authored), surveys (of their cases), mail (sent-notification records and threads of mail to them), erasures (none yet). Lines come section by section in this order',
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
    'Every stored item about the person, one per line (newline-delimited JSON), section by section; nothing another person wrote',
})
