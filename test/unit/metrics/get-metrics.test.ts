import { describe, expect, it } from 'vitest'
import { ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import { exportCases } from '#src/use-cases/metrics/export-cases.ts'
import { getMetrics } from '#src/use-cases/metrics/get-metrics.ts'
import type { CaseExportQuery } from '#src/use-cases/ports/metrics.ts'
import { aCustomer, aStaffMember, InMemoryAccounts, rejectionOf } from '../fakes/core.ts'
import { aCaseEvent } from '../fakes/mail.ts'
import { InMemoryMetricsStore } from '../fakes/metrics.ts'

const adam = aCustomer({ userId: 'adam', role: 'customer_admin', accountId: 'acme' })
const alice = aCustomer()
const maria = aStaffMember({ userId: 'maria', role: 'manager' })
const sam = aStaffMember()

const opened = (id: string, accountId: string, at: string) => ({
  eventId: id,
  accountId,
  day: at,
  bySeverity: { standard: { opened: 1, backlogChange: 1 } },
})

async function setup() {
  const metrics = new InMemoryMetricsStore()
  await metrics.recordContribution(opened('a1', 'acme', '2026-11-02'))
  await metrics.recordContribution(opened('a2', 'acme', '2026-11-20'))
  await metrics.recordContribution(opened('g1', 'globex', '2026-11-02'))
  return { metrics, accounts: new InMemoryAccounts() }
}

const november = { from: '2026-11-01', to: '2026-11-30' }

describe('getMetrics', () => {
  it('shows managers and admins all accounts together', async () => {
    const report = await getMetrics(november, maria, await setup())

    expect(report).toMatchObject({ accountId: null, totals: { opened: 3, backlog: { atEnd: 3 } } })
  })

  it('narrows to the account staff name', async () => {
    const report = await getMetrics({ ...november, accountId: 'globex' }, maria, await setup())

    expect(report).toMatchObject({ accountId: 'globex', totals: { opened: 1 } })
  })

  it('shows a customer admin its own account, named or not', async () => {
    const deps = await setup()

    const own = await getMetrics(november, adam, deps)
    const named = await getMetrics({ ...november, accountId: 'acme' }, adam, deps)

    expect(own).toMatchObject({ accountId: 'acme', totals: { opened: 2 } })
    expect(named).toEqual(own)
  })

  it('answers a customer admin 404 for another account, the same as for one that does not exist', async () => {
    const deps = await setup()

    const foreign = await rejectionOf(getMetrics({ ...november, accountId: 'globex' }, adam, deps))
    const unknown = await rejectionOf(getMetrics({ ...november, accountId: 'initech' }, maria, deps))

    expect(foreign).toBeInstanceOf(NotFoundError)
    expect(unknown).toBeInstanceOf(NotFoundError)
    expect((foreign as Error).message).toBe('There is no account globex.')
  })

  it('refuses plain customers, agents and experts with 403', async () => {
    const deps = await setup()

    for (const caller of [alice, sam, aStaffMember({ role: 'expert' })]) {
      expect(await rejectionOf(getMetrics(november, caller, deps))).toBeInstanceOf(ForbiddenError)
    }
  })

  it('takes the backlog at the end of the period: the open cases now less what later days changed', async () => {
    const report = await getMetrics(
      { from: '2026-11-01', to: '2026-11-10', accountId: 'acme' },
      maria,
      await setup(),
    )

    expect(report.totals).toMatchObject({ opened: 1, backlog: { atEnd: 1 } })
  })

  it('reads nothing after the last possible day', async () => {
    const report = await getMetrics({ from: '9999-12-01', to: '9999-12-31' }, maria, await setup())

    expect(report.totals.backlog.atEnd).toBe(3)
  })
})

describe('exportCases', () => {
  const query: CaseExportQuery = { from: '2026-11-01', to: '2026-11-30', limit: 25 }
  const source = () => {
    const asked: CaseExportQuery[] = []
    return {
      asked,
      caseExport: {
        listCasesCreatedBetween: async (q: CaseExportQuery) => {
          asked.push(q)
          return { cases: [], nextCursor: null }
        },
      },
    }
  }

  it('lets managers and admins export', async () => {
    const deps = source()

    await exportCases(query, maria, deps)
    await exportCases(query, aStaffMember({ role: 'admin' }), deps)

    expect(deps.asked).toEqual([query, query])
  })

  it('refuses customers, customer admins, agents and experts with 403, reading nothing', async () => {
    const deps = source()

    for (const caller of [alice, adam, sam, aStaffMember({ role: 'expert' })]) {
      expect(await rejectionOf(exportCases(query, caller, deps))).toBeInstanceOf(ForbiddenError)
    }
    expect(deps.asked).toEqual([])
  })
})

// The events the fake store is fed above mirror what the handler writes; one sanity check of the fake itself.
describe('the in-memory metrics store', () => {
  it('counts an event id once', async () => {
    const metrics = new InMemoryMetricsStore()
    const contribution = opened(aCaseEvent().id, 'acme', '2026-11-02')

    expect(await metrics.recordContribution(contribution)).toBe('recorded')
    expect(await metrics.recordContribution(contribution)).toBe('duplicate')
  })
})
