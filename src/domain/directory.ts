import * as z from '#src/zod.ts'
import { maxRetainClosedCasesDays, minRetainClosedCasesDays } from './retention.ts'
import { AccountTargetOverride, AccountTargetOverrides } from './sla/policy.ts'
import { Locale, ServiceLevel } from './vocabulary.ts'

/** A customer company: the tenant. */
export const Account = z.object({
  id: z.string(),
  name: z.string(),
  serviceLevel: ServiceLevel,
  locale: Locale,
  calendarId: z.string(),
  /** The SLA policy that sets its targets. */
  slaPolicyId: z._default(z.string(), 'default'),
  /** Contract-specific first-response targets that beat the policy's, per severity. */
  slaOverride: z.optional(AccountTargetOverride),
  /** Contract-specific targets of any kind that beat the policy's, per target and severity. */
  slaTargetOverrides: z.optional(AccountTargetOverrides),
  /** The staff member told at once of critical cases and SLA breaches (docs/architecture.md, the domain in brief). */
  responsibleManagerId: z.optional(z.string()),
  /** The staff member who hears of feature requests for the account manager. */
  accountManagerId: z.optional(z.string()),
  /** Who hears of an escalation, per level 1–4 (staff user ids); a level without recipients falls back to the responsible manager. */
  escalationRecipients: z.optional(z.partialRecord(z.enum(['1', '2', '3', '4']), z.array(z.string()))),
  /** The e-mail domains its contacts' addresses must belong to (lower case); none: any address. */
  emailDomains: z.optional(z.array(z.string())),
  /**
   * Days its ended (closed or cancelled) cases are kept; then the daily job purges them with
   * everything they hold (docs/privacy.md, Retention). Absent: kept for good.
   */
  retainClosedCasesDays: z.optional(
    z.int().check(z.minimum(minRetainClosedCasesDays), z.maximum(maxRetainClosedCasesDays)),
  ),
  /** Counts changes, for `ETag`/`If-Match`. Absent on accounts stored before versioning: version 1. */
  version: z.optional(z.int().check(z.minimum(1))),
  createdAt: z.iso.datetime(),
  updatedAt: z.optional(z.iso.datetime()),
})
export type Account = z.infer<typeof Account>

/** The version of an account; accounts stored before versioning are at version 1. */
export function accountVersion(account: Pick<Account, 'version'>): number {
  return account.version ?? 1
}

/** The roles of a customer account's contacts; each is a group in the identity provider. */
export const contactRoles = ['customer', 'customer_admin'] as const
export type ContactRole = (typeof contactRoles)[number]

/** `Max.Muster@ACME.example` → `acme.example`: the domain an address belongs to, lower case. */
export function emailDomainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase()
}

/** Whether `email` may belong to the account: any address if it names no domains, else one of them (exactly). */
export function isAllowedEmail(account: Pick<Account, 'emailDomains'>, email: string): boolean {
  const domains = account.emailDomains ?? []
  return domains.length === 0 || domains.includes(emailDomainOf(email))
}

/** A registered person of a customer account; its id is the identity provider's subject (`sub`). */
export const Contact = z.object({
  id: z.string(),
  accountId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(contactRoles),
  active: z.boolean(),
  locale: z.optional(Locale),
  createdAt: z.iso.datetime(),
  updatedAt: z.optional(z.iso.datetime()),
  /** When the person's erasure began (docs/privacy.md): inactive from then on, and no longer changed. */
  erasureRequestedAt: z.optional(z.iso.datetime()),
  /**
   * When the person was erased (docs/privacy.md): name and address are then neutral ones, the
   * contact inactive for good, and its id still names its cases, comments and events.
   */
  erasedAt: z.optional(z.iso.datetime()),
})
export type Contact = z.infer<typeof Contact>

/** A vendor employee: agent, expert, manager or admin. */
export const StaffMember = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['agent', 'expert', 'manager', 'admin']),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
})
export type StaffMember = z.infer<typeof StaffMember>
