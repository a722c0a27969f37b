import { describe, expect, it } from 'vitest'
import { ForbiddenError } from '#src/domain/errors.ts'
import { listCases } from '#src/use-cases/list-cases.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseFields,
  InMemoryCaseStore,
  now,
} from '../fakes/core.ts'

const deps = () => ({
  cases: new InMemoryCaseStore(),
  clock: fixedClock(),
  caseFields: new InMemoryCaseFields(),
})

describe('listCases', () => {
  it('lists a customer the cases of its own account', async () => {
    const d = deps()

    await listCases({ limit: 25 }, aCustomer({ accountId: 'acme' }), d)

    expect(d.cases.listQueries[0]?.scope).toEqual({ kind: 'account', accountId: 'acme' })
  })

  it('accepts a customer naming its own account', async () => {
    const d = deps()

    await listCases({ limit: 25, accountId: 'acme' }, aCustomer({ accountId: 'acme' }), d)

    expect(d.cases.listQueries[0]?.scope).toEqual({ kind: 'account', accountId: 'acme' })
  })

  it('refuses a customer naming another account with 403', async () => {
    const d = deps()

    await expect(
      listCases({ limit: 25, accountId: 'globex' }, aCustomer({ accountId: 'acme' }), d),
    ).rejects.toThrow(ForbiddenError)
    expect(d.cases.listQueries).toHaveLength(0)
  })

  it('lists staff every account by default', async () => {
    const d = deps()

    await listCases({ limit: 25 }, aStaffMember(), d)

    expect(d.cases.listQueries[0]?.scope).toEqual({ kind: 'all' })
  })

  it('narrows staff to the account they name', async () => {
    const d = deps()

    await listCases({ limit: 25, accountId: 'globex' }, aStaffMember(), d)

    expect(d.cases.listQueries[0]?.scope).toEqual({ kind: 'account', accountId: 'globex' })
  })

  it('passes filters, limit, cursor and the current time on to the store', async () => {
    const d = deps()

    await listCases({ limit: 10, status: 'open', severity: 'urgent', cursor: 'abc.def' }, aStaffMember(), d)

    expect(d.cases.listQueries[0]).toEqual({
      scope: { kind: 'all' },
      status: 'open',
      severity: 'urgent',
      limit: 10,
      cursor: 'abc.def',
      now,
    })
  })

  it('returns the page the store read', async () => {
    const mine = aCase({ id: 'mine', accountId: 'acme' })
    const cases = new InMemoryCaseStore({ cases: [mine, aCase({ id: 'theirs', accountId: 'globex' })] })

    const page = await listCases({ limit: 25 }, aCustomer({ accountId: 'acme' }), {
      cases,
      clock: fixedClock(),
      caseFields: new InMemoryCaseFields(),
    })

    expect(page).toEqual({ cases: [mine], nextCursor: null })
  })
})

describe('listCases: assignee', () => {
  it('refuses a customer filtering by assignee with 403', async () => {
    const d = deps()

    await expect(listCases({ limit: 25, assignee: 'me' }, aCustomer(), d)).rejects.toThrow(ForbiddenError)
    expect(d.cases.listQueries).toHaveLength(0)
  })

  it('reads `me` as the calling staff member', async () => {
    const d = deps()

    await listCases({ limit: 25, assignee: 'me' }, aStaffMember({ userId: 'erin', role: 'expert' }), d)

    expect(d.cases.listQueries[0]?.assigneeId).toBe('erin')
  })

  it('passes another staff member’s id as it is', async () => {
    const d = deps()

    await listCases({ limit: 25, assignee: 'sam' }, aStaffMember({ userId: 'maria', role: 'manager' }), d)

    expect(d.cases.listQueries[0]?.assigneeId).toBe('sam')
  })

  it('asks for no assignee when none is named', async () => {
    const d = deps()

    await listCases({ limit: 25 }, aStaffMember(), d)

    expect(d.cases.listQueries[0]?.assigneeId).toBeUndefined()
  })
})
