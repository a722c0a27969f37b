import type { Role } from '#src/domain/vocabulary.ts'

/** Who reads metrics (docs/metrics.md): managers and admins any account, a customer admin its own account. */
export const metricsReaderRoles = ['customer_admin', 'manager', 'admin'] as const satisfies readonly Role[]

/** Who exports cases (docs/metrics.md): managers and admins. */
export const caseExporterRoles = ['manager', 'admin'] as const satisfies readonly Role[]

/** Whether `role` is one of `allowed`. */
export function isOneOf(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role)
}
