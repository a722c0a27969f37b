import { ForbiddenError, UnauthorizedError } from '#src/domain/errors.ts'
import { accountIdClaim, type Caller, groupsClaim } from '#src/domain/identity.ts'
import { type Role, roles } from '#src/domain/vocabulary.ts'

/** Claims as API Gateway's JWT authorizer hands them to the function (values flattened to strings). */
export type JwtClaims = Record<string, string | number | boolean | string[]>

/** When a user is in several role groups, the most privileged one counts. */
const rolePrecedence: readonly Role[] = ['admin', 'manager', 'expert', 'agent', 'customer_admin', 'customer']

/**
 * HTTP APIs pass array claims as one string: `[agent manager]` (space separated, in brackets).
 * Accept that, a real array, and a single bare group name.
 */
export function parseGroups(value: JwtClaims[string] | undefined): string[] {
  if (value === undefined) return []
  if (Array.isArray(value)) return value.map(String)
  const text = String(value).trim()
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  return inner.split(/[\s,]+/).filter(Boolean)
}

/**
 * The caller, read only from claims that the authorizer has already verified. Never from headers
 * or the body. A token without a role, or a customer token without an account, is refused.
 */
export function callerFromClaims(claims: JwtClaims | undefined): Caller {
  const userId = claims?.sub
  if (!claims || typeof userId !== 'string' || userId === '') throw new UnauthorizedError()
  const groups = parseGroups(claims[groupsClaim])
  const role = rolePrecedence.find((r) => groups.includes(r))
  if (!role || !(roles as readonly string[]).includes(role)) {
    throw new ForbiddenError('Your account has no Caseline role. Ask your administrator to assign one.')
  }
  const email = typeof claims.email === 'string' ? claims.email : ''
  if (role === 'customer' || role === 'customer_admin') {
    const accountId = claims[accountIdClaim]
    if (typeof accountId !== 'string' || accountId === '') {
      throw new ForbiddenError('Your sign-in is not linked to a customer account.')
    }
    return { kind: 'customer', userId, email, role, accountId }
  }
  return { kind: 'staff', userId, email, role }
}
