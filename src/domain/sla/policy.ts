import type { ServiceLevel, Severity } from '#src/domain/vocabulary.ts'
import * as z from '#src/zod.ts'

/**
 * SLA policies: first-response targets in business minutes per service level and severity
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

/** An account's contractual overrides: only the severities its contract names. */
export const AccountTargetOverride = z.partial(TargetsBySeverity)
export type AccountTargetOverride = z.infer<typeof AccountTargetOverride>

export const SlaPolicy = z.strictObject({
  id: z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected lower-case letters, digits and dashes (at most 64)'),
    ),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  firstResponseMinutes: z.strictObject({ premium: TargetsBySeverity, standard: TargetsBySeverity }),
})
export type SlaPolicy = z.infer<typeof SlaPolicy>

/** The built-in first-response targets (docs/sla.md). */
export const defaultSlaPolicy: SlaPolicy = {
  id: 'default',
  name: 'Default first-response targets',
  firstResponseMinutes: {
    premium: { critical: 120, urgent: 240, standard: 480, low: 960 },
    standard: { critical: 240, urgent: 480, standard: 960, low: 2400 },
  },
}

/**
 * The first-response target for a case, in business minutes: the account's contractual override
 * for this severity if it has one, else the policy's target for the account's service level.
 */
export function targetMinutesFor(
  policy: SlaPolicy,
  serviceLevel: ServiceLevel,
  severity: Severity,
  accountOverride?: AccountTargetOverride,
): number {
  return accountOverride?.[severity] ?? policy.firstResponseMinutes[serviceLevel][severity]
}
