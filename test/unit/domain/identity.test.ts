import { describe, expect, it } from 'vitest'
import { isStaffRole, scopeOf } from '#src/domain/identity.ts'
import { aCustomer, aStaffMember } from '../fakes/core.ts'

describe('scopeOf', () => {
  it('limits a customer to its own account', () => {
    expect(scopeOf(aCustomer({ accountId: 'acme' }))).toEqual({ kind: 'account', accountId: 'acme' })
  })

  it('lets staff see every account', () => {
    expect(scopeOf(aStaffMember({ role: 'expert' }))).toEqual({ kind: 'all' })
  })
})

describe('isStaffRole', () => {
  it.each(['agent', 'expert', 'manager', 'admin'] as const)('counts %s as staff', (role) => {
    expect(isStaffRole(role)).toBe(true)
  })

  it.each(['customer', 'customer_admin'] as const)('does not count %s as staff', (role) => {
    expect(isStaffRole(role)).toBe(false)
  })
})
