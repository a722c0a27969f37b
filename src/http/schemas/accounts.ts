import { Account, Contact, contactRoles } from '#src/domain/directory.ts'
import { maxRetainClosedCasesDays, minRetainClosedCasesDays } from '#src/domain/retention.ts'
import { AccountTargetOverride, AccountTargetOverrides } from '#src/domain/sla/policy.ts'
import { Locale, ServiceLevel } from '#src/domain/vocabulary.ts'
import type { CreateAccountInput } from '#src/use-cases/accounts/create-account.ts'
import type { AccountView as AccountViewOfUseCase } from '#src/use-cases/accounts/present-account.ts'
import type { RegisterContactInput } from '#src/use-cases/accounts/register-contact.ts'
import type { UpdateAccountInput } from '#src/use-cases/accounts/update-account.ts'
import type { UpdateContactInput } from '#src/use-cases/accounts/update-contact.ts'
import * as z from '#src/zod.ts'
import { idOf, namesAFieldToChange, resourceId, shortText } from './common.ts'

/** An account id as admins choose it: it appears in URLs and in every contact's token, so a readable slug. */
export const accountSlug = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
      'must be lower-case letters, digits and inner dashes (at most 64)',
    ),
  )

/** An e-mail address as stored: trimmed and lower case, so uniqueness and domain checks ignore case. */
export const emailAddress = z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email())

/** A mail domain (`acme.example`), lower case. */
export const emailDomain = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.maxLength(253),
    z.regex(
      /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
      'must be a mail domain such as acme.example',
    ),
  )

/** Staff ids per escalation level 1–4; a level without recipients falls back to the responsible manager. */
export const EscalationRecipients = z.partialRecord(
  z.enum(['1', '2', '3', '4']),
  z.array(resourceId).check(z.minLength(1), z.maxLength(20)),
)

const retentionDescription = `Days the account's ended cases are kept: a case closed or cancelled more than this many days ago (by \`closedAt\` / \`cancelledAt\`) is purged by the daily retention job with its comments, history, files, links, survey and mail records; the metrics count it as \`purged\` (docs/privacy.md). ${minRetainClosedCasesDays}–${maxRetainClosedCasesDays}; absent: kept for good`

/** `retainClosedCasesDays` as the API takes it. */
const retainClosedCasesDays = z
  .int()
  .check(z.minimum(minRetainClosedCasesDays), z.maximum(maxRetainClosedCasesDays))

const accountIdParam = idOf('The account (a customer admin: only their own; any other account is 404)')
export const AccountIdParams = z.object({ accountId: accountIdParam })
export const ContactIdParams = z.object({
  accountId: accountIdParam,
  contactId: idOf('The contact: a person of that account (404 otherwise)'),
})

/** An account as the API shows it (`presentAccount`), with its version (also the `ETag`). */
export const AccountView = z
  .extend(Account, {
    emailDomains: z
      .array(z.string())
      .register(z.globalRegistry, { description: 'Contact addresses must be in one of these; none: any' }),
    version: z.int().check(z.minimum(1)).register(z.globalRegistry, {
      description: 'Counts changes; sent as `ETag`, checked against `If-Match`',
    }),
  })
  .register(z.globalRegistry, {
    description: 'A customer account (the tenant)',
  }) satisfies z.core.$ZodType<AccountViewOfUseCase>
export type AccountView = z.infer<typeof AccountView>

export const AccountList = z.object({ items: z.array(AccountView), nextCursor: z.nullable(z.string()) })

/** `POST /v1/accounts`. */
export const CreateAccountBody = z.strictObject({
  id: z.optional(accountSlug).register(z.globalRegistry, {
    description: 'The account id; default: the name as a slug (`ACME Corp.` → `acme-corp`). Taken: 409',
  }),
  name: shortText(200),
  serviceLevel: ServiceLevel,
  locale: Locale,
  calendarId: resourceId
    .clone()
    .register(z.globalRegistry, { description: 'The business calendar its SLA counts in' }),
  slaPolicyId: z._default(resourceId, 'default'),
  slaOverride: z.optional(AccountTargetOverride).register(z.globalRegistry, {
    description: 'Contractual first-response targets per severity that beat the policy',
  }),
  slaTargetOverrides: z.optional(AccountTargetOverrides).register(z.globalRegistry, {
    description:
      'Contractual targets of any kind (`first_response`, `next_reply`, `periodic_update`, `resolution`) per severity that beat the policy; for the first response they beat `slaOverride` too',
  }),
  emailDomains: z.optional(z.array(emailDomain).check(z.maxLength(20))),
  responsibleManagerId: z
    .optional(resourceId)
    .register(z.globalRegistry, { description: 'An active staff member' }),
  accountManagerId: z
    .optional(resourceId)
    .register(z.globalRegistry, { description: 'An active staff member' }),
  escalationRecipients: z.optional(EscalationRecipients),
  retainClosedCasesDays: z
    .optional(retainClosedCasesDays)
    .register(z.globalRegistry, { description: retentionDescription }),
}) satisfies z.core.$ZodType<CreateAccountInput>
export type CreateAccountBody = z.infer<typeof CreateAccountBody>

/** `PATCH /v1/accounts/{accountId}`: only the fields to change; `null` clears an optional one. */
export const UpdateAccountBody = z
  .strictObject({
    name: z.optional(shortText(200)),
    serviceLevel: z.optional(ServiceLevel),
    locale: z.optional(Locale),
    calendarId: z.optional(resourceId),
    slaPolicyId: z.optional(resourceId),
    slaOverride: z.optional(z.nullable(AccountTargetOverride)),
    slaTargetOverrides: z.optional(z.nullable(AccountTargetOverrides)),
    /** Replaces the list; existing contacts keep their addresses. */
    emailDomains: z.optional(z.array(emailDomain).check(z.maxLength(20))),
    responsibleManagerId: z.optional(z.nullable(resourceId)),
    accountManagerId: z.optional(z.nullable(resourceId)),
    /** Replaces every level's recipients at once. */
    escalationRecipients: z.optional(z.nullable(EscalationRecipients)),
    retainClosedCasesDays: z.optional(z.nullable(retainClosedCasesDays)).register(z.globalRegistry, {
      description: `${retentionDescription}; \`null\` keeps them for good again. A change applies to every ended case of the account from the next daily run on`,
    }),
  })
  .check(namesAFieldToChange()) satisfies z.core.$ZodType<UpdateAccountInput>
export type UpdateAccountBody = z.infer<typeof UpdateAccountBody>

/** A contact as the API shows it. */
export const ContactView = Contact.clone().register(z.globalRegistry, {
  description: 'A registered person of a customer account',
})

export const ContactList = z.object({ items: z.array(ContactView), nextCursor: z.nullable(z.string()) })

/** `POST /v1/accounts/{accountId}/contacts`: registers a person, who is invited by e-mail to sign in. */
export const CreateContactBody = z.strictObject({
  email: emailAddress.clone().register(z.globalRegistry, {
    description: 'Unique across Caseline; in one of the account’s e-mail domains',
  }),
  name: shortText(200),
  role: z._default(z.enum(contactRoles), 'customer'),
  locale: z.optional(Locale),
}) satisfies z.core.$ZodType<RegisterContactInput>
export type CreateContactBody = z.infer<typeof CreateContactBody>

/** `PATCH /v1/accounts/{accountId}/contacts/{contactId}`: `{"active": false}` deactivates. */
export const UpdateContactBody = z
  .strictObject({
    name: z.optional(shortText(200)),
    role: z.optional(z.enum(contactRoles)),
    active: z.optional(z.boolean()),
    locale: z.optional(Locale),
    email: z.optional(
      emailAddress.clone().register(z.globalRegistry, {
        description:
          'A new address: unique across Caseline, in one of the account’s e-mail domains. Sign-in and e-mail in move to it at once; the old address is no longer recognised (docs/privacy.md)',
      }),
    ),
  })
  .check(namesAFieldToChange()) satisfies z.core.$ZodType<UpdateContactInput>
export type UpdateContactBody = z.infer<typeof UpdateContactBody>
