import * as z from 'zod'
import { AccountTargetOverride } from './sla/policy.ts'
import { Locale, ServiceLevel } from './vocabulary.ts'

/** A customer company: the tenant. */
export const Account = z.object({
  id: z.string(),
  name: z.string(),
  serviceLevel: ServiceLevel,
  locale: Locale,
  calendarId: z.string(),
  /** The SLA policy that sets its first-response targets. */
  slaPolicyId: z.string().default('default'),
  /** Contract-specific targets that beat the policy's, per severity. */
  slaOverride: AccountTargetOverride.optional(),
  /** The staff member told at once of critical cases and SLA breaches (DESIGN §1). */
  responsibleManagerId: z.string().optional(),
  /** The staff member who hears of feature requests for the account manager. */
  accountManagerId: z.string().optional(),
  /** Who hears of an escalation, per level 1–4 (staff user ids); a level without recipients falls back to the responsible manager. */
  escalationRecipients: z.partialRecord(z.enum(['1', '2', '3', '4']), z.array(z.string())).optional(),
  createdAt: z.iso.datetime(),
})
export type Account = z.infer<typeof Account>

/** A registered person of a customer account; its id is the identity provider's subject (`sub`). */
export const Contact = z.object({
  id: z.string(),
  accountId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['customer', 'customer_admin']),
  active: z.boolean(),
  locale: Locale.optional(),
  createdAt: z.iso.datetime(),
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
