import { type Role, staffRoles } from './vocabulary.ts'

/**
 * Who is calling, as read from verified token claims. A customer always carries the account it
 * belongs to; vendor staff belong to no account and work across all of them.
 */
export type Caller =
  | {
      kind: 'customer'
      userId: string
      email: string
      role: Extract<Role, 'customer' | 'customer_admin'>
      accountId: string
    }
  | {
      kind: 'staff'
      userId: string
      email: string
      role: Extract<Role, 'agent' | 'expert' | 'manager' | 'admin'>
    }

/**
 * The token claims a caller is read from, as the identity provider issues them: the account of a
 * customer (a Cognito custom attribute, set when the contact is registered) and the role groups.
 */
export const accountIdClaim = 'custom:accountId'
export const groupsClaim = 'cognito:groups'

export function isStaffRole(role: Role): role is (typeof staffRoles)[number] {
  return (staffRoles as readonly Role[]).includes(role)
}

/**
 * What a caller may read: customers their own account only, staff everything. Repositories take a
 * scope, never a raw account id from the request, so a customer's query cannot name another tenant.
 */
export type AccessScope = { kind: 'account'; accountId: string } | { kind: 'all' }

export function scopeOf(caller: Caller): AccessScope {
  return caller.kind === 'customer' ? { kind: 'account', accountId: caller.accountId } : { kind: 'all' }
}
