import type { CaseStatus, ServiceLevel, Severity } from '#src/domain/vocabulary.ts'
import * as z from '#src/zod.ts'
import type { SlaTarget } from './sla-clock.ts'

/**
 * SLA policies: targets in business minutes per target kind, service level and severity
 * (docs/sla.md). Accounts may override single severities by contract.
 */

/**
 * A target in whole business minutes. The upper bound (about nine months of an eight-hour desk) is
 * far beyond any support contract and keeps targets well inside the engine's search horizon.
 */
export const TargetMinutes = z.int().check(z.minimum(1), z.maximum(100_000))

/** A target for every severity. */
export const TargetsBySeverity = z.strictObject({
  critical: TargetMinutes,
  urgent: TargetMinutes,
  standard: TargetMinutes,
  low: TargetMinutes,
})
export type TargetsBySeverity = z.infer<typeof TargetsBySeverity>

/** Targets for the severities that have one; a severity left out has no such target. */
export const SomeTargetsBySeverity = z.partial(TargetsBySeverity)
export type SomeTargetsBySeverity = z.infer<typeof SomeTargetsBySeverity>

/** An account's contractual first-response overrides: only the severities its contract names. */
export const AccountTargetOverride = SomeTargetsBySeverity
export type AccountTargetOverride = z.infer<typeof AccountTargetOverride>

/** An account's contractual overrides of the other targets, by target kind and severity. */
export const AccountTargetOverrides = z.strictObject({
  first_response: z.optional(SomeTargetsBySeverity),
  next_reply: z.optional(SomeTargetsBySeverity),
  periodic_update: z.optional(SomeTargetsBySeverity),
  resolution: z.optional(SomeTargetsBySeverity),
})
export type AccountTargetOverrides = z.infer<typeof AccountTargetOverrides>

/** A target kind that not every severity needs: per service level, the severities that have it. */
const OptionalTargets = z.strictObject({
  premium: z.optional(SomeTargetsBySeverity),
  standard: z.optional(SomeTargetsBySeverity),
})

/** The statuses a policy may pause its clocks in (the case is with the customer, not with support). */
export const PausableStatus = z.enum(['waiting_on_customer', 'solution_proposed', 'pending_closure'])
export type PausableStatus = z.infer<typeof PausableStatus>

export const defaultPausedStatuses: readonly PausableStatus[] = ['waiting_on_customer', 'pending_closure']

/** At which share of a target the assignee or queue is warned, unless the policy says otherwise. */
export const defaultWarningPercent = 75

export const SlaPolicy = z.strictObject({
  id: z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected lower-case letters, digits and dashes (at most 64)'),
    ),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** Every case has a first-response target. */
  firstResponseMinutes: z.strictObject({ premium: TargetsBySeverity, standard: TargetsBySeverity }),
  /** From a public customer comment not yet answered to the next public staff reply. */
  nextReplyMinutes: z.optional(OptionalTargets),
  /** The longest business time between public staff updates while the case is with support. */
  periodicUpdateMinutes: z.optional(OptionalTargets),
  /** From filing to the solution being proposed (or the case closed by support). */
  resolutionMinutes: z.optional(OptionalTargets),
  /** The warning comes at this share of each target (1–99 %, default 75). */
  warningPercent: z.optional(z.int().check(z.minimum(1), z.maximum(99))),
  /** Clocks stand still while the case is in one of these statuses (default: waiting on the customer, pending closure). */
  pausedStatuses: z.optional(z.array(PausableStatus).check(z.maxLength(3))),
  /** A breached resolution target escalates the case to level 1 (lead customer-service manager) if it is not escalated yet. */
  escalateOnResolutionBreach: z.optional(z.boolean()),
})
export type SlaPolicy = z.infer<typeof SlaPolicy>

/**
 * The built-in targets (docs/sla.md, "Targets", says where each figure comes from): first response
 * as the handbooks promise it; a next reply as fast as the first; updates every first-response
 * target for critical and urgent cases; resolution after about 3, 6, 15 and 30 business days.
 */
const responseMinutes = {
  premium: { critical: 120, urgent: 240, standard: 480, low: 960 },
  standard: { critical: 240, urgent: 480, standard: 960, low: 2400 },
}

export const defaultSlaPolicy: SlaPolicy = {
  id: 'default',
  name: 'Default targets',
  firstResponseMinutes: responseMinutes,
  nextReplyMinutes: responseMinutes,
  periodicUpdateMinutes: {
    premium: { critical: 120, urgent: 240 },
    standard: { critical: 240, urgent: 480 },
  },
  resolutionMinutes: {
    premium: { critical: 1440, urgent: 2880, standard: 7200, low: 14400 },
    standard: { critical: 2880, urgent: 5760, standard: 14400, low: 28800 },
  },
  warningPercent: defaultWarningPercent,
  pausedStatuses: [...defaultPausedStatuses],
  escalateOnResolutionBreach: false,
}

/** What decides a case's targets besides the policy: kept on the case when it is filed. */
export interface TargetTerms {
  serviceLevel: ServiceLevel
  /** First-response overrides (the older, shorter form). */
  slaOverride?: AccountTargetOverride | undefined
  slaTargetOverrides?: AccountTargetOverrides | undefined
}

/** The policy field that holds each target's minutes. */
const policyFields = {
  first_response: 'firstResponseMinutes',
  next_reply: 'nextReplyMinutes',
  periodic_update: 'periodicUpdateMinutes',
  resolution: 'resolutionMinutes',
} as const satisfies Record<SlaTarget, keyof SlaPolicy>

/**
 * A target for a case, in business minutes, or undefined when the policy sets none for its service
 * level and severity: the account's contractual override for this target and severity if it has
 * one, else the policy's.
 */
export function targetMinutesOf(
  policy: SlaPolicy,
  target: SlaTarget,
  terms: TargetTerms,
  severity: Severity,
): number | undefined {
  const override =
    terms.slaTargetOverrides?.[target]?.[severity] ??
    (target === 'first_response' ? terms.slaOverride?.[severity] : undefined)
  return override ?? policy[policyFields[target]]?.[terms.serviceLevel]?.[severity]
}

export function warningShareOf(policy: SlaPolicy): number {
  return (policy.warningPercent ?? defaultWarningPercent) / 100
}

export function pausedStatusesOf(policy: SlaPolicy): readonly CaseStatus[] {
  return policy.pausedStatuses ?? defaultPausedStatuses
}
