import { beforeAll, describe, expect, it } from 'vitest'
import type { CaseEvent, CaseView } from '#src/domain/case.ts'
import { type Page, useLocalApi } from './local-api.ts'

// Every SLA target through the local server and the local clock (docs/sla.md). The scenarios run in
// time order (the local clock never goes back), each on a Monday of its own in Vienna.

interface ClockDetail {
  target: string
  state: string
  targetMinutes: number
  startedAt: string
  dueAt: string | null
  warnAt: string | null
  warnedAt?: string
  breachedAt?: string
  endedAt?: string
  businessMinutesElapsed: number
  cycle?: number
  calendar: { id: string; version: number | null }
  policy: { id: string | null; version: number | null }
  explanation: { counted: { minutes: number }[]; skipped: { reason: string; name?: string }[] }
}
interface CaseSla {
  dueAt: string | null
  state: string
  clocks: ClockDetail[]
}
interface ClockMove {
  now: string
  fired: { caseId: string; kind: string }[]
}

const api = useLocalApi()
let alice = ''
let sam = ''
let root = ''

beforeAll(async () => {
  alice = await api.tokenFor('alice@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
  root = await api.tokenFor('root@vendor.example')
})

const critical = {
  title: 'Production down',
  description: 'No user can log in.',
  product: 'Caseline ERP',
  severity: 'critical',
  impact: 'All 300 users are blocked.',
}

const setClock = async (at: string) =>
  (await api.request<ClockMove>('POST', '/local/clock', { body: { set: at } })).body
const slaOf = async (caseId: string) =>
  (await api.request<CaseSla>('GET', `/v1/cases/${caseId}/sla`, { token: sam })).body
const clockOf = async (caseId: string, target: string) =>
  (await slaOf(caseId)).clocks.find((clock) => clock.target === target)
/** The mails whose subject matches, once `count` of them were sent (the mail follows the event shortly). */
async function mailsMatching(subject: RegExp, count: number) {
  for (let attempt = 0; ; attempt++) {
    const mails = (await api.sentMail()).filter((mail) => subject.test(mail.subject))
    if (mails.length >= count || attempt === 50) return mails
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
const firedFor = (move: ClockMove, caseId: string) =>
  move.fired.filter((timer) => timer.caseId === caseId).map((timer) => timer.kind)

describe('periodic updates on a premium critical case', () => {
  it('warns at 90 and breaches at 120 business minutes after the last public update', async () => {
    // Arrange: Monday 14 December 2026, 08:00 Vienna (07:00 UTC). Acknowledged at 08:30, which is
    // the first response and starts the first 120-minute update cycle: warning at 75 % (90 minutes,
    // 10:00 Vienna), breach at 10:30 Vienna.
    await setClock('2026-12-14T07:00:00.000Z')
    const created = await api.request<CaseView>('POST', '/v1/cases', { token: alice, body: critical })
    const id = created.body.id
    await setClock('2026-12-14T07:30:00.000Z')
    await api.request('POST', `/v1/cases/${id}/transitions`, { token: sam, body: { action: 'acknowledge' } })

    // Act
    const started = await clockOf(id, 'periodic_update')
    const beforeWarning = await setClock('2026-12-14T08:59:00.000Z')
    const atWarning = await setClock('2026-12-14T09:00:00.000Z')
    const warned = await clockOf(id, 'periodic_update')
    const atBreach = await setClock('2026-12-14T09:30:00.000Z')
    const breached = await clockOf(id, 'periodic_update')
    const history = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${id}/history?limit=100`, {
      token: sam,
    })
    const breachMails = await mailsMatching(/SLA verletzt: Statusmeldung an den Kunden überfällig/, 2)

    // Assert
    expect(started).toMatchObject({
      state: 'running',
      cycle: 1,
      startedAt: expect.stringMatching(/^2026-12-14T07:30/),
      targetMinutes: 120,
      dueAt: '2026-12-14T09:30:00.000Z',
      warnAt: '2026-12-14T09:00:00.000Z',
    })
    expect(firedFor(beforeWarning, id)).not.toContain('update-warning')
    expect(firedFor(atWarning, id)).toContain('update-warning')
    expect(warned).toMatchObject({ state: 'running', warnedAt: expect.stringMatching(/^2026-12-14T09:00/) })
    expect(firedFor(atBreach, id)).toContain('update-breach')
    expect(breached).toMatchObject({
      state: 'breached',
      breachedAt: '2026-12-14T09:30:00.000Z',
      businessMinutesElapsed: 120,
    })
    const slaEvents = history.body.items.filter((event) => event.type.startsWith('sla.'))
    expect(slaEvents.map((event) => [event.type, event.details?.target])).toEqual(
      expect.arrayContaining([
        ['sla.warning', 'periodic_update'],
        ['sla.breached', 'periodic_update'],
      ]),
    )
    // ACME's mails are German; the queue and the responsible manager hear of the breach.
    expect(breachMails).toHaveLength(2)
  })
})

describe('resolution paused while waiting on the customer', () => {
  it('pauses, says why, and breaches at exactly the business minute the pause moved it to', async () => {
    // Arrange: Monday 11 January 2027, 08:00 Vienna (07:00 UTC). The resolution target of a premium
    // critical case is 1440 business minutes (Mon–Thu 9 h, Fri 6 h).
    await setClock('2027-01-11T07:00:00.000Z')
    const created = await api.request<CaseView>('POST', '/v1/cases', { token: alice, body: critical })
    const id = created.body.id
    const filed = await clockOf(id, 'resolution')
    // 10:00 Vienna: support asks for information (120 minutes counted so far) ...
    await setClock('2027-01-11T09:00:00.000Z')
    await api.request('POST', `/v1/cases/${id}/transitions`, {
      token: sam,
      body: { action: 'request_info', message: 'Which browser do your users use?' },
    })
    const waiting = await clockOf(id, 'resolution')
    // ... and the customer answers on Tuesday at 10:00 Vienna: 540 business minutes paused
    // (Monday 10:00–17:00 and Tuesday 08:00–10:00), so the deadline moves from Wednesday 14:00
    // to Thursday 14:00 Vienna: 120 + 420 (Tue) + 540 (Wed) + 360 (Thu) = 1440.
    await setClock('2027-01-12T09:00:00.000Z')
    await api.request('POST', `/v1/cases/${id}/comments`, {
      token: alice,
      body: { body: 'Edge, version 131.' },
    })
    const resumed = await clockOf(id, 'resolution')

    // Act
    const aMinuteBefore = await setClock('2027-01-14T12:59:00.000Z')
    const atDeadline = await setClock('2027-01-14T13:00:00.000Z')
    const sla = await slaOf(id)
    const breached = sla.clocks.find((clock) => clock.target === 'resolution')

    // Assert
    expect(filed).toMatchObject({ state: 'running', dueAt: '2027-01-13T13:00:00.000Z' })
    expect(waiting).toMatchObject({ state: 'paused', dueAt: null })
    expect(resumed).toMatchObject({ state: 'running', dueAt: '2027-01-14T13:00:00.000Z' })
    expect(firedFor(aMinuteBefore, id)).not.toContain('resolution-breach')
    expect(firedFor(atDeadline, id)).toContain('resolution-breach')
    expect(breached).toMatchObject({
      state: 'breached',
      breachedAt: '2027-01-14T13:00:00.000Z',
      businessMinutesElapsed: 1440,
      calendar: { id: 'vienna', version: 1 },
      policy: { id: 'default', version: 1 },
    })
    expect(breached?.explanation.skipped).toContainEqual(
      expect.objectContaining({ reason: 'paused', name: 'waiting on the customer' }),
    )
    expect(sla.clocks.map((clock) => clock.target)).toEqual([
      'first_response',
      'next_reply',
      'periodic_update',
      'resolution',
    ])
  })
})

describe('versioned calendars', () => {
  it("keeps a running case's deadline when an admin changes its calendar; new cases count on the new version", async () => {
    // Arrange: Monday 1 February 2027, 08:00 Vienna. A premium critical case: first response in
    // 120 business minutes, 10:00 Vienna.
    await setClock('2027-02-01T07:00:00.000Z')
    const before = await api.request<CaseView>('POST', '/v1/cases', { token: alice, body: critical })
    const original = await api.request<Record<string, unknown>>('GET', '/v1/calendars/vienna', {
      token: root,
    })
    const shortHours = [{ start: '08:00', end: '10:00' }]
    const changed = {
      ...original.body,
      weeklyHours: {
        mon: shortHours,
        tue: shortHours,
        wed: shortHours,
        thu: shortHours,
        fri: shortHours,
        sat: [],
        sun: [],
      },
    }

    // Act
    const saved = await api.request<{ version: number }>('PUT', '/v1/calendars/vienna', {
      token: root,
      body: changed,
    })
    const kept = await api.request<CaseView>('GET', `/v1/cases/${before.body.id}`, { token: sam })
    // A severity change retargets from the same start, still on the version the clock started on:
    // 480 minutes from 08:00 is 16:00 Vienna (on the new hours it would be Thursday 10:00).
    const retargeted = await api.request<CaseView>('PATCH', `/v1/cases/${before.body.id}`, {
      token: sam,
      headers: { 'if-match': kept.headers.get('etag') ?? '' },
      body: { severity: 'standard', severityReason: 'A workaround keeps users working.' },
    })
    const after = await api.request<CaseView>('POST', '/v1/cases', {
      token: alice,
      body: { ...critical, severity: 'standard', impact: undefined },
    })
    const versions = await api.request<Page<{ version: number }>>('GET', '/v1/calendars/vienna/versions', {
      token: sam,
    })
    const first = await api.request<{ version: number; weeklyHours: unknown }>(
      'GET',
      '/v1/calendars/vienna/versions/1',
      { token: sam },
    )
    const restored = await api.request<{ version: number }>('PUT', '/v1/calendars/vienna', {
      token: root,
      body: original.body,
    })

    // Assert
    expect(saved.status).toBe(200)
    expect(saved.body.version).toBe(2)
    expect(kept.body.sla?.dueAt).toBe('2027-02-01T09:00:00.000Z')
    expect(retargeted.status).toBe(200)
    expect(retargeted.body.sla?.dueAt).toBe('2027-02-01T15:00:00.000Z')
    expect((await clockOf(before.body.id, 'first_response'))?.calendar).toEqual({ id: 'vienna', version: 1 })
    // Two hours a day: 480 minutes end on Thursday at 10:00 Vienna.
    expect(after.body.sla?.dueAt).toBe('2027-02-04T09:00:00.000Z')
    expect((await clockOf(after.body.id, 'first_response'))?.calendar).toEqual({ id: 'vienna', version: 2 })
    expect(versions.body.items.map((v) => v.version)).toEqual([2, 1])
    expect(first.body.weeklyHours).toEqual(original.body.weeklyHours)
    expect(restored.body.version).toBe(3)
  })
})

describe('previews', () => {
  it('previews any target from the policy, with pauses', async () => {
    const preview = await api.request<{ targetMinutes: number; dueAt: string; warnAt: string }>(
      'POST',
      '/v1/sla/preview',
      {
        token: alice,
        body: {
          calendarId: 'vienna',
          start: '2027-03-01T07:00:00Z',
          target: 'resolution',
          serviceLevel: 'premium',
          severity: 'critical',
          // Tuesday paused all day: the 1440 minutes end Thursday at 14:00 Vienna, not Wednesday.
          pauses: [{ start: '2027-03-02T07:00:00Z', end: '2027-03-02T16:00:00Z' }],
        },
      },
    )
    const missing = await api.request('POST', '/v1/sla/preview', {
      token: alice,
      body: { calendarId: 'vienna', start: '2027-03-01T07:00:00Z', target: 'periodic_update' },
    })
    expect(preview.status).toBe(200)
    expect(preview.body.targetMinutes).toBe(1440)
    expect(preview.body.dueAt).toBe('2027-03-04T13:00:00.000Z')
    expect(missing.status).toBe(400)
  })
})
