import { describe, expect, it } from 'vitest'
import { ForbiddenError, UnauthorizedError } from '#src/domain/errors.ts'
import { callerFromClaims, parseGroups } from '#src/http/identity.ts'

describe('parseGroups', () => {
  it('reads the flattened form API Gateway HTTP APIs pass: [agent manager]', () => {
    expect(parseGroups('[agent manager]')).toEqual(['agent', 'manager'])
  })

  it('reads a flattened form with a single group', () => {
    expect(parseGroups('[customer]')).toEqual(['customer'])
  })

  it('reads a real array', () => {
    expect(parseGroups(['expert', 'agent'])).toEqual(['expert', 'agent'])
  })

  it('reads a bare group name', () => {
    expect(parseGroups('admin')).toEqual(['admin'])
  })

  it('reads no groups from an absent claim', () => {
    expect(parseGroups(undefined)).toEqual([])
  })

  it('reads no groups from an empty flattened list', () => {
    expect(parseGroups('[]')).toEqual([])
  })
})

/** Claims as API Gateway's JWT authorizer hands them over: every value flattened to a string. */
function claims(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    sub: 'alice-sub',
    email: 'alice@acme.example',
    'cognito:groups': '[customer]',
    'custom:accountId': 'acme',
    iat: '1795600000',
    ...overrides,
  }
}

describe('callerFromClaims', () => {
  it('reads a customer with its account', () => {
    expect(callerFromClaims(claims())).toEqual({
      kind: 'customer',
      userId: 'alice-sub',
      email: 'alice@acme.example',
      role: 'customer',
      accountId: 'acme',
    })
  })

  it('reads a customer admin as a customer of its account', () => {
    const caller = callerFromClaims(claims({ 'cognito:groups': '[customer_admin]' }))

    expect(caller).toMatchObject({ kind: 'customer', role: 'customer_admin', accountId: 'acme' })
  })

  it('reads staff without an account', () => {
    const caller = callerFromClaims(
      claims({
        sub: 'sam-sub',
        email: 'sam@vendor.example',
        'cognito:groups': '[agent]',
        'custom:accountId': '',
      }),
    )

    expect(caller).toEqual({ kind: 'staff', userId: 'sam-sub', email: 'sam@vendor.example', role: 'agent' })
  })

  it('takes the most privileged of several groups', () => {
    const caller = callerFromClaims(claims({ 'cognito:groups': '[agent manager expert]' }))

    expect(caller.role).toBe('manager')
  })

  it('ignores groups that are not Caseline roles', () => {
    const caller = callerFromClaims(claims({ 'cognito:groups': '[beta-testers customer]' }))

    expect(caller.role).toBe('customer')
  })

  it('refuses a customer without custom:accountId', () => {
    const { 'custom:accountId': _, ...withoutAccount } = claims()

    expect(() => callerFromClaims(withoutAccount)).toThrow(ForbiddenError)
  })

  it('refuses a token without groups', () => {
    const { 'cognito:groups': _, ...withoutGroups } = claims()

    expect(() => callerFromClaims(withoutGroups)).toThrow(ForbiddenError)
  })

  it('refuses a token whose groups are no Caseline role', () => {
    expect(() => callerFromClaims(claims({ 'cognito:groups': '[beta-testers]' }))).toThrow(ForbiddenError)
  })

  it('refuses claims without a subject as unauthenticated', () => {
    const { sub: _, ...withoutSub } = claims()

    expect(() => callerFromClaims(withoutSub)).toThrow(UnauthorizedError)
  })

  it('refuses a request that carries no claims at all as unauthenticated', () => {
    expect(() => callerFromClaims(undefined)).toThrow(UnauthorizedError)
  })
})
