import { beforeAll, describe, expect, it } from 'vitest'
import { handler as fireTimer } from '#functions/timers/fire-timer.ts'
import type { CaseEvent, CaseView } from '#src/domain/case.ts'
import { type Page, useLocalApi } from './local-api.ts'

interface Explained {
  dueAt: string
  state: string
  explanation: {
    counted: { start: string; end: string; minutes: number }[]
    skipped: { reason: string; name?: string }[]
  }
}

const api = useLocalApi()
let alice = ''
let sam = ''
let root = ''

beforeAll(async () => {
  // Friday 18 December 2026, 13:00 in Vienna: one business hour left before the weekend.
  const clock = await api.request<{ now: string }>('POST', '/local/clock', {
    body: { set: '2026-12-18T12:00:00.000Z' },
  })
  expect(clock.status).toBe(200)
  alice = await api.tokenFor('alice@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
  root = await api.tokenFor('root@vendor.example')
})

const critical = {
  title: 'Production down',
  description: 'No user can log in since 12:55.',
  product: 'Caseline ERP',
  severity: 'critical',
  impact: 'All 300 users are blocked.',
}

describe('first-response SLA on business hours', () => {
  it('gives a critical premium case filed Friday 13:00 Vienna a deadline of Monday 09:00 Vienna, explained', async () => {
    // Act
    const created = await api.request<CaseView>('POST', '/v1/cases', { token: alice, body: critical })
    const sla = await api.request<Explained>('GET', `/v1/cases/${created.body.id}/sla`, { token: alice })

    // Assert
    expect(created.body.sla).toMatchObject({
      targetMinutes: 120,
      dueAt: '2026-12-21T08:00:00.000Z',
      state: 'running',
      firstResponseAt: null,
    })
    expect(sla.body.dueAt).toBe('2026-12-21T08:00:00.000Z')
    expect(sla.body.explanation.counted.map((i) => i.minutes)).toEqual([60, 60])
    expect(sla.body.explanation.skipped.map((s) => s.reason)).toContain('weekend')
  })

  it('meets the SLA with the first public staff reaction', async () => {
    const created = await api.request<CaseView>('POST', '/v1/cases', { token: alice, body: critical })
    const acknowledged = await api.request<CaseView>('POST', `/v1/cases/${created.body.id}/transitions`, {
      token: sam,
      body: { action: 'acknowledge' },
    })
    expect(acknowledged.body.sla).toMatchObject({
      state: 'met',
      firstResponseAt: expect.stringMatching(/^2026-12-18T12:0/),
    })
  })

  it('previews a deadline for any signed-in user', async () => {
    const preview = await api.request<Explained>('POST', '/v1/sla/preview', {
      token: alice,
      body: { calendarId: 'vienna', start: '2026-12-23T15:00:00Z', targetMinutes: 120 },
    })
    // 23 Dec 16:00 Vienna: one hour that day; 24, 25, 26 (and the weekend) closed; Monday 28th 08:00 + 1 h.
    expect(preview.body.dueAt).toBe('2026-12-28T08:00:00.000Z')
    expect(preview.body.explanation.skipped.map((s) => s.name).filter(Boolean)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Heiliger Abend/)]),
    )
  })

  it('lets admins read and replace calendars and policies, and staff read them', async () => {
    const calendar = await api.request<{ id: string; timeZone: string }>('GET', '/v1/calendars/vienna', {
      token: sam,
    })
    const policy = await api.request<{ id: string }>('GET', '/v1/sla-policies/default', { token: sam })
    const customer = await api.request('GET', '/v1/calendars/vienna', { token: alice })
    const agentWrites = await api.request('PUT', '/v1/sla-policies/default', {
      token: sam,
      body: policy.body,
    })
    const adminWrites = await api.request('PUT', '/v1/sla-policies/default', {
      token: root,
      body: policy.body,
    })
    const wrongId = await api.request('PUT', '/v1/sla-policies/other', { token: root, body: policy.body })
    expect(calendar.body.timeZone).toBe('Europe/Vienna')
    expect(customer.status).toBe(403)
    expect(agentWrites.status).toBe(403)
    expect(adminWrites.status).toBe(200)
    expect(wrongId.status).toBe(400)
  })
})

describe('timers on the local clock', () => {
  it('moves an unanswered proposal to pending closure after 7 days and closes it 14 days later, once', async () => {
    // Arrange
    const created = await api.request<CaseView>('POST', '/v1/cases', { token: alice, body: critical })
    const id = created.body.id
    await api.request('POST', `/v1/cases/${id}/transitions`, {
      token: sam,
      body: {
        action: 'propose_solution',
        resolution: { kind: 'solved', summary: 'Restarted the identity service.' },
      },
    })

    // Act
    const week = await api.request<{ fired: { caseId: string; kind: string }[] }>('POST', '/local/clock', {
      body: { advanceBy: 'P7D' },
    })
    const afterWeek = await api.request<CaseView>('GET', `/v1/cases/${id}`, { token: alice })
    const fortnight = await api.request('POST', '/local/clock', { body: { advanceBy: 'P14D' } })
    const afterFortnight = await api.request<CaseView>('GET', `/v1/cases/${id}`, { token: alice })
    const again = await fireTimer({ caseId: id, kind: 'auto-close', dueAt: new Date().toISOString() })
    const replayed = await fireTimer({ caseId: id, kind: 'pending-closure', dueAt: new Date().toISOString() })
    const afterReplays = await api.request<CaseView>('GET', `/v1/cases/${id}`, { token: alice })
    const history = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${id}/history`, { token: alice })

    // Assert
    expect(week.body.fired).toContainEqual(expect.objectContaining({ caseId: id, kind: 'pending-closure' }))
    expect(afterWeek.body.status).toBe('pending_closure')
    expect(fortnight.status).toBe(200)
    expect(afterFortnight.body.status).toBe('closed')
    expect(again).toMatchObject({ outcome: 'ignored' })
    expect(replayed).toMatchObject({ outcome: 'ignored' })
    expect(afterReplays.body.version).toBe(afterFortnight.body.version)
    expect(history.body.items.map((e) => e.action).slice(-2)).toEqual(['mark_pending_closure', 'auto_close'])
  })

  it('marks an unanswered case breached when its deadline passes', async () => {
    const created = await api.request<CaseView>('POST', '/v1/cases', { token: alice, body: critical })
    await api.request('POST', '/local/clock', { body: { advanceBy: 'P5D' } })
    const later = await api.request<CaseView>('GET', `/v1/cases/${created.body.id}`, { token: sam })
    const history = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${created.body.id}/history`, {
      token: sam,
    })
    expect(later.body.sla?.state).toBe('breached')
    expect(history.body.items.map((e) => e.type)).toEqual(
      expect.arrayContaining(['sla.warning', 'sla.breached']),
    )
  })

  it('orders a queue by SLA deadline, soonest first', async () => {
    const low = await api.request<CaseView>('POST', '/v1/cases', {
      token: alice,
      body: { ...critical, severity: 'low', title: 'low' },
    })
    const urgent = await api.request<CaseView>('POST', '/v1/cases', {
      token: alice,
      body: { ...critical, severity: 'urgent', title: 'urgent' },
    })
    const queue = await api.request<Page<CaseView>>('GET', '/v1/queues/support/cases?limit=100', {
      token: sam,
    })
    const order = queue.body.items.map((c) => c.id)
    expect(order.indexOf(urgent.body.id)).toBeLessThan(order.indexOf(low.body.id))
  })
})
