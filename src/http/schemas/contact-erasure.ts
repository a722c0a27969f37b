import { ContactErasure } from '#src/domain/erasure.ts'
import * as z from '#src/zod.ts'

/** `POST /v1/accounts/{accountId}/contacts/{contactId}/erasure` (docs/privacy.md, Erasing a contact). */
export const EraseContactBody = z
  .strictObject({
    deleteComments: z.optional(z.boolean()).register(z.globalRegistry, {
      description:
        'Also remove the text of the comments the person wrote (default false: their text stays with the account’s cases, the author shown as "Former contact")',
    }),
    deleteFiles: z.optional(z.boolean()).register(z.globalRegistry, {
      description: 'Also delete the files the person uploaded, every stored version (default false)',
    }),
  })
  .register(z.globalRegistry, {
    description:
      'What to remove beyond the minimum; a repeated request goes on with the options of the first',
  })

export const ContactErasureView = ContactErasure.clone().register(z.globalRegistry, {
  description:
    'The record of an erasure: who asked, when, with which options, and what each step removed or rewrote (counts). Holds no personal data of the erased person',
})
