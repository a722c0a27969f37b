import * as z from 'zod'
import { Account, Contact, contactRoles } from '#src/domain/directory.ts'
import { AccountTargetOverride } from '#src/domain/sla/policy.ts'
import { Locale, ServiceLevel } from '#src/domain/vocabulary.ts'
import type { CreateAccountInput } from '#src/use-cases/accounts/create-account.ts'
import type { AccountView as AccountViewOfUseCase } from '#src/use-cases/accounts/present-account.ts'
import type { RegisterContactInput } from '#src/use-cases/accounts/register-contact.ts'
import type { UpdateAccountInput } from '#src/use-cases/accounts/update-account.ts'
import type { UpdateContactInput } from '#src/use-cases/accounts/update-contact.ts'
import { resourceId } from './cases.ts'

const shortText = (max: number) => z.string().trim().min(1).max(max)

/** An account id as admins choose it: it appears in URLs and in every contact's token, so a readable slug. */
export const accountSlug = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
    'must be lower-case letters, digits and inner dashes (at most 64)',
  )

/** An e-mail address as stored: trimmed and lower case, so uniqueness and domain checks ignore case. */
export const emailAddress = z.string().trim().toLowerCase().max(254).check(z.email())

/** A mail domain (`acme.example`), lower case. */
export const emailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'must be a mail domain such as acme.example',
  )

/** Staff ids per escalation level 1–4; a level without recipients falls back to the responsible manager. */
export const EscalationRecipients = z.partialRecord(
  z.enum(['1', '2', '3', '4']),
  z.array(resourceId).min(1).max(20),
)

export const AccountIdParams = z.object({ accountId: resourceId })
export const ContactIdParams = z.object({ accountId: resourceId, contactId: resourceId })

/** An account as the API shows it (`presentAccount`), with its version (also the `ETag`). */
export const AccountView = Account.extend({
  emailDomains: z
    .array(z.string())
    .meta({ description: 'Contact addresses must be in one of these; none: any' }),
  version: z.int().min(1).meta({ description: 'Counts changes; sent as `ETag`, checked against `If-Match`' }),
}).meta({ description: 'A customer account (the tenant)' }) satisfies z.ZodType<AccountViewOfUseCase>
export type AccountView = z.infer<typeof AccountView>

export const AccountList = z.object({ items: z.array(AccountView), nextCursor: z.string().nullable() })

/** `POST /v1/accounts`. */
export const CreateAccountBody = z.strictObject({
  id: accountSlug.optional().meta({
    description: 'The account id; default: the name as a slug (`ACME Corp.` → `acme-corp`). Taken: 409',
  }),
  name: shortText(200),
  serviceLevel: ServiceLevel,
  locale: Locale,
  calendarId: resourceId.meta({ description: 'The business calendar its SLA counts in' }),
  slaPolicyId: resourceId.default('default'),
  slaOverride: AccountTargetOverride.optional().meta({
    description: 'Contractual first-response targets per severity that beat the policy',
  }),
  emailDomains: z.array(emailDomain).max(20).optional(),
  responsibleManagerId: resourceId.optional().meta({ description: 'An active staff member' }),
  accountManagerId: resourceId.optional().meta({ description: 'An active staff member' }),
  escalationRecipients: EscalationRecipients.optional(),
}) satisfies z.ZodType<CreateAccountInput>
export type CreateAccountBody = z.infer<typeof CreateAccountBody>

/** `PATCH /v1/accounts/{accountId}`: only the fields to change; `null` clears an optional one. */
export const UpdateAccountBody = z
  .strictObject({
    name: shortText(200).optional(),
    serviceLevel: ServiceLevel.optional(),
    locale: Locale.optional(),
    calendarId: resourceId.optional(),
    slaPolicyId: resourceId.optional(),
    slaOverride: AccountTargetOverride.nullable().optional(),
    /** Replaces the list; existing contacts keep their addresses. */
    emailDomains: z.array(emailDomain).max(20).optional(),
    responsibleManagerId: resourceId.nullable().optional(),
    accountManagerId: resourceId.nullable().optional(),
    /** Replaces every level's recipients at once. */
    escalationRecipients: EscalationRecipients.nullable().optional(),
  })
  .superRefine(
    (body, ctx) => {
      if (Object.keys(body).length === 0) {
        ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' })
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  ) satisfies z.ZodType<UpdateAccountInput>
export type UpdateAccountBody = z.infer<typeof UpdateAccountBody>

/** A contact as the API shows it. */
export const ContactView = Contact.meta({ description: 'A registered person of a customer account' })

export const ContactList = z.object({ items: z.array(ContactView), nextCursor: z.string().nullable() })

/** `POST /v1/accounts/{accountId}/contacts`: registers a person, who is invited by e-mail to sign in. */
export const CreateContactBody = z.strictObject({
  email: emailAddress.meta({ description: 'Unique across Caseline; in one of the account’s e-mail domains' }),
  name: shortText(200),
  role: z.enum(contactRoles).default('customer'),
  locale: Locale.optional(),
}) satisfies z.ZodType<RegisterContactInput>
export type CreateContactBody = z.infer<typeof CreateContactBody>

/** `PATCH /v1/accounts/{accountId}/contacts/{contactId}`: `{"active": false}` deactivates. */
export const UpdateContactBody = z
  .strictObject({
    name: shortText(200).optional(),
    role: z.enum(contactRoles).optional(),
    active: z.boolean().optional(),
    locale: Locale.optional(),
  })
  .superRefine(
    (body, ctx) => {
      if (Object.keys(body).length === 0) {
        ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' })
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  ) satisfies z.ZodType<UpdateContactInput>
export type UpdateContactBody = z.infer<typeof UpdateContactBody>
