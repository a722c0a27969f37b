import { describe, expect, it } from 'vitest'
import { ForbiddenError, ValidationError } from '#src/domain/errors.ts'
import { listCases } from '#src/use-cases/list-cases.ts'
import {
  aCase,
  aCaseField,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseFields,
  InMemoryCaseStore,
  now,
  rejectionOf,
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

describe('listCases: tag and custom field filters', () => {
  const region = aCaseField({
    key: 'region',
    type: 'enum',
    options: [{ value: 'emea', labels: { de: 'EMEA', en: 'EMEA' } }],
  })
  const risk = aCaseField({ ...region, key: 'risk', customerVisible: false, customerEditable: false })
  const withFields = () => ({ ...deps(), caseFields: new InMemoryCaseFields([region, risk]) })

  it('passes a staff member’s tag on as its label', async () => {
    const d = deps()

    await listCases({ limit: 25, tag: 'vip', status: 'open' }, aStaffMember(), d)

    expect(d.cases.listQueries[0]).toMatchObject({ label: 'tag:vip', status: 'open', scope: { kind: 'all' } })
  })

  it('refuses a customer filtering by tag with 403, as by assignee', async () => {
    const d = deps()

    await expect(listCases({ limit: 25, tag: 'vip' }, aCustomer(), d)).rejects.toThrow(ForbiddenError)
    expect(d.cases.listQueries).toHaveLength(0)
  })

  it('lets a customer filter its own account by a visible field, reading the catalogue', async () => {
    const d = withFields()

    await listCases({ limit: 25, field: 'region:emea' }, aCustomer({ accountId: 'acme' }), d)

    expect(d.cases.listQueries[0]).toMatchObject({
      label: 'field:region:emea',
      scope: { kind: 'account', accountId: 'acme' },
    })
    expect(d.caseFields.reads).toBe(1)
  })

  it('refuses a customer a hidden field with 400, as if it did not exist; staff may filter by it', async () => {
    const d = withFields()

    const refused = await rejectionOf(listCases({ limit: 25, field: 'risk:emea' }, aCustomer(), d))
    await listCases({ limit: 25, field: 'risk:emea' }, aStaffMember(), d)

    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).errors).toEqual([
      { parameter: 'field', detail: 'risk is no custom field you may filter by' },
    ])
    expect(d.cases.listQueries.map((q) => q.label)).toEqual(['field:risk:emea'])
  })

  it('refuses a tag and a field together (one label per list)', async () => {
    const d = withFields()

    await expect(
      listCases({ limit: 25, tag: 'vip', field: 'region:emea' }, aStaffMember(), d),
    ).rejects.toThrow(ValidationError)
  })

  it('returns only the cases with the label', async () => {
    const vip = aCase({ id: 'vip', labels: ['tag:vip'] })
    const cases = new InMemoryCaseStore({ cases: [vip, aCase({ id: 'plain' })] })

    const page = await listCases({ limit: 25, tag: 'vip' }, aStaffMember(), { ...deps(), cases })

    expect(page.cases.map((c) => c.id)).toEqual(['vip'])
  })
})
