import { describe, expect, it } from 'vitest'
import { NotFoundError } from '#src/domain/errors.ts'
import { getCase } from '#src/use-cases/get-case.ts'
import { aCase, aCustomer, aStaffMember, InMemoryCaseStore } from '../fakes/core.ts'

const acmeCase = aCase({ id: 'acme-case', accountId: 'acme' })
const globexCase = aCase({ id: 'globex-case', accountId: 'globex', contactId: 'gina' })

describe('getCase', () => {
  it('looks a customer case up in the scope of the customer account', async () => {
    const cases = new InMemoryCaseStore({ cases: [acmeCase] })

    await getCase('acme-case', aCustomer({ accountId: 'acme' }), { cases })

    expect(cases.findCalls).toEqual([{ scope: { kind: 'account', accountId: 'acme' }, caseId: 'acme-case' }])
  })

  it('returns a case of the customer own account', async () => {
    const cases = new InMemoryCaseStore({ cases: [acmeCase] })

    expect(await getCase('acme-case', aCustomer({ accountId: 'acme' }), { cases })).toEqual(acmeCase)
  })

  it('answers a case of another account with 404', async () => {
    const cases = new InMemoryCaseStore({ cases: [globexCase] })

    await expect(getCase('globex-case', aCustomer({ accountId: 'acme' }), { cases })).rejects.toThrow(
      NotFoundError,
    )
  })

  it('answers an unknown case with 404', async () => {
    const cases = new InMemoryCaseStore()

    await expect(getCase('nope', aStaffMember(), { cases })).rejects.toThrow(NotFoundError)
  })

  it('looks a staff case up across all accounts', async () => {
    const cases = new InMemoryCaseStore({ cases: [globexCase] })

    const found = await getCase('globex-case', aStaffMember(), { cases })

    expect(found).toEqual(globexCase)
    expect(cases.findCalls[0]?.scope).toEqual({ kind: 'all' })
  })
})
