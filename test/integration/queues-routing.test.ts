import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Queue } from '#src/domain/queues.ts'
import type { RoutingPreview, RoutingView } from '#src/use-cases/queues/routing.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

/**
 * Queues and routing as an admin changes them at run time (docs/queues.md), through the local
 * HTTP API on a table of its own: it starts fresh, with the seeds of the local settings.
 */
const api = useLocalApi()

const tokens: Record<'alice' | 'gina' | 'sam' | 'root', string> = { alice: '', gina: '', sam: '', root: '' }

const licensing = {
  id: 'licensing',
  names: { de: 'Lizenzen', en: 'Licensing' },
  teamAddress: 'licensing-team@vendor.example',
}

const premiumLicences = {
  name: 'Licence requests of premium accounts',
  when: { caseTypes: ['license_request'], serviceLevels: ['premium'] },
  queue: 'licensing',
}

const licenceRequest = { type: 'license_request', severity: 'standard', product: 'Caseline ERP' }

async function putRouting(body: unknown, headers: Record<string, string> = {}) {
  return api.request<RoutingView & Problem>('PUT', '/v1/routing', { token: tokens.root, body, headers })
}

async function historyOf(caseId: string, token: string): Promise<CaseEvent[]> {
  const history = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${caseId}/history`, { token })
  expect(history.status).toBe(200)
  return history.body.items
}

async function queueCases(queue: string): Promise<string[]> {
  const listed = await api.request<Page<Case>>('GET', `/v1/queues/${queue}/cases`, { token: tokens.sam })
  expect(listed.status).toBe(200)
  return listed.body.items.map((c) => c.id)
}

describe('queues and routing, changed by an admin at run time', () => {
  beforeAll(async () => {
    tokens.alice = await api.tokenFor('alice@acme.example')
    tokens.gina = await api.tokenFor('gina@globex.example')
    tokens.sam = await api.tokenFor('sam@vendor.example')
    tokens.root = await api.tokenFor('root@vendor.example')
  })

  it('a fresh table starts with the seeds: support and consulting, routing version 1 not yet stored', async () => {
    // Act
    const queues = await api.request<{ items: Queue[] }>('GET', '/v1/queues', { token: tokens.sam })
    const routing = await api.request<RoutingView>('GET', '/v1/routing', { token: tokens.root })

    // Assert
    expect(queues.body.items.map(({ id, active, teamAddress }) => ({ id, active, teamAddress }))).toEqual([
      { id: 'consulting', active: true, teamAddress: 'consulting-team@vendor.example' },
      { id: 'support', active: true, teamAddress: 'support-team@vendor.example' },
    ])
    expect(routing.body).toEqual({
      rules: [
        {
          name: 'Case types of consulting',
          when: { caseTypes: ['consulting_request'] },
          queue: 'consulting',
        },
      ],
      defaultQueue: 'support',
      version: 1,
      savedAt: null,
    })
  })

  it('an admin adds a licensing queue and a rule for premium licence requests; alice’s lands there, gina’s in support', async () => {
    // Arrange: the queue, then the rule before the seeded one
    const created = await api.request<Queue>('POST', '/v1/queues', {
      token: tokens.root,
      body: licensing,
      headers: { 'idempotency-key': randomUUID() },
    })
    const seeded = (await api.request<RoutingView>('GET', '/v1/routing', { token: tokens.root })).body
    const saved = await putRouting({ ...seeded, rules: [premiumLicences, ...seeded.rules] })

    // Act
    const alices = await api.fileCase(tokens.alice, 'Weitere Lizenzen für das Werk Linz', licenceRequest)
    const ginas = await api.fileCase(tokens.gina, 'Two more licences', licenceRequest)

    // Assert
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`${api.url}/v1/queues/licensing`)
    expect(created.body).toMatchObject({ ...licensing, active: true, version: 1 })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ version: 2, rules: [premiumLicences, seeded.rules[0]] })
    expect(saved.headers.get('etag')).toBe('"2"')
    expect(alices.queue).toBe('licensing')
    expect(ginas.queue).toBe('support')
    expect(await queueCases('licensing')).toEqual([alices.id])
    expect(await queueCases('support')).toContain(ginas.id)
    // Both versions are kept: the seed (stored when the admin first changed something) and the new one.
    const versions = await api.request<Page<RoutingView>>('GET', '/v1/routing/versions', {
      token: tokens.root,
    })
    expect(versions.body.items.map((version) => version.version)).toEqual([2, 1])
    expect(versions.body.items[1]?.savedAt).toEqual(expect.any(String))
  })

  it('the preview explains both: which rule matched for acme, which condition failed for globex', async () => {
    // Act
    const preview = (accountId: string) =>
      api.request<RoutingPreview>('POST', '/v1/routing/preview', {
        token: tokens.root,
        body: { ...licenceRequest, accountId },
      })
    const acme = await preview('acme')
    const globex = await preview('globex')

    // Assert
    expect(acme.body).toMatchObject({
      queue: 'licensing',
      rule: 1,
      ruleName: premiumLicences.name,
      routingVersion: 2,
      checks: [{ rule: 1, outcome: 'matched', unmet: [] }],
    })
    expect(acme.body.explanation).toContain('Rule 1 "Licence requests of premium accounts"')
    expect(globex.body).toMatchObject({ queue: 'support', rule: null, routingVersion: 2 })
    expect(globex.body.checks).toEqual([
      {
        rule: 1,
        name: premiumLicences.name,
        queue: 'licensing',
        outcome: 'not_matched',
        unmet: ['service level standard is not one of premium'],
      },
      {
        rule: 2,
        name: 'Case types of consulting',
        queue: 'consulting',
        outcome: 'not_matched',
        unmet: ['case type license_request is not one of consulting_request'],
      },
    ])
    expect(globex.body.explanation).toContain('default queue support')
  })

  it('the history shows staff the routing version and rule; customers see neither', async () => {
    // Arrange
    const c = await api.fileCase(tokens.alice, 'Lizenz für das Testsystem', licenceRequest)

    // Act
    const [asStaff] = await historyOf(c.id, tokens.sam)
    const [asCustomer] = await historyOf(c.id, tokens.alice)

    // Assert
    expect(asStaff?.details).toEqual({ routing: { version: 2, rule: 1, ruleName: premiumLicences.name } })
    expect(asCustomer?.type).toBe('case.created')
    expect(asCustomer?.details).toBeUndefined()
  })

  it('the queue’s team address gets alice’s next comment while her case is unassigned', async () => {
    // Arrange
    const c = await api.fileCase(tokens.alice, 'Lizenzschlüssel abgelaufen', licenceRequest)

    // Act
    const commented = await api.request('POST', `/v1/cases/${c.id}/comments`, {
      token: tokens.alice,
      body: { body: 'Der Schlüssel läuft morgen ab, bitte dringend.' },
    })
    const mails = await api.sentMail({ to: licensing.teamAddress })

    // Assert
    expect(commented.status).toBe(201)
    expect(mails.map((mail) => mail.subject)).toEqual([expect.stringContaining(c.number)])
    expect(mails[0]?.text).toContain('Der Schlüssel läuft morgen ab')
  })

  it('refuses unknown or inactive queues with 400 and a pointer, and a stale If-Match with 412', async () => {
    // Act
    const unknown = await putRouting({
      rules: [{ when: { caseTypes: ['cloud_outage'] }, queue: 'cloud-ops' }],
      defaultQueue: 'nowhere',
    })
    const stale = await putRouting({ rules: [], defaultQueue: 'support' }, { 'if-match': '"1"' })
    const move = await api.request<Problem>('GET', '/v1/cases', { token: tokens.sam })
    const someCase = (move.body as unknown as Page<Case>).items[0] as Case
    const moved = await api.request<Problem>('PATCH', `/v1/cases/${someCase.id}`, {
      token: tokens.sam,
      body: { queue: 'cloud-ops' },
      headers: { 'if-match': `"${someCase.version}"` },
    })

    // Assert
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors?.map((error) => error.pointer)).toEqual(['/defaultQueue', '/rules/0/queue'])
    expect(stale.status).toBe(412)
    expect(moved.status).toBe(400)
    expect(moved.body.errors).toEqual([
      { pointer: '/queue', detail: 'is not a queue; the active queues are consulting, licensing, support' },
    ])
    const routing = await api.request<RoutingView>('GET', '/v1/routing', { token: tokens.root })
    expect(routing.body.version).toBe(2)
  })

  it('a queue the routing sends cases to is neither deactivated nor deleted; after the routing changes it is deactivated and keeps its cases', async () => {
    // Arrange
    const before = await queueCases('licensing')

    // Act
    const deactivateRouted = await api.request<Problem>('PATCH', '/v1/queues/licensing', {
      token: tokens.root,
      body: { active: false },
    })
    const deleteRouted = await api.request<Problem>('DELETE', '/v1/queues/licensing', { token: tokens.root })
    const current = (await api.request<RoutingView>('GET', '/v1/routing', { token: tokens.root })).body
    const withoutLicensing = await putRouting(
      { ...current, rules: current.rules.slice(1) },
      { 'if-match': '"2"' },
    )
    const deactivated = await api.request<Queue>('PATCH', '/v1/queues/licensing', {
      token: tokens.root,
      body: { active: false },
    })
    const deleteWithCases = await api.request<Problem>('DELETE', '/v1/queues/licensing', {
      token: tokens.root,
    })
    const filedAfter = await api.fileCase(tokens.alice, 'Noch eine Lizenz', licenceRequest)

    // Assert
    expect(deactivateRouted.status).toBe(409)
    expect(deactivateRouted.body.detail).toContain('rule 1')
    expect(deleteRouted.status).toBe(409)
    expect(withoutLicensing.body.version).toBe(3)
    expect(deactivated.status).toBe(200)
    expect(deactivated.body).toMatchObject({ active: false, version: 2 })
    expect(deleteWithCases.status).toBe(409)
    expect(deleteWithCases.body.detail).toContain('active cases')
    expect(filedAfter.queue).toBe('support')
    expect(await queueCases('licensing')).toEqual(before)
  })

  it('mail in is routed by the same rules', async () => {
    // Arrange: acme's mail goes to a desk of its own
    await api.request('POST', '/v1/queues', {
      token: tokens.root,
      body: { id: 'acme-desk', names: { de: 'ACME-Team', en: 'ACME desk' } },
      headers: { 'idempotency-key': randomUUID() },
    })
    const current = (await api.request<RoutingView>('GET', '/v1/routing', { token: tokens.root })).body
    const saved = await putRouting({
      ...current,
      rules: [{ name: 'ACME', when: { accountIds: ['acme'] }, queue: 'acme-desk' }, ...current.rules],
    })
    const raw = [
      'From: alice@acme.example',
      'To: support@caseline.local',
      'Subject: Drucker druckt nicht',
      `Message-ID: <${randomUUID()}@mail.example>`,
      'Date: Wed, 25 Nov 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Seit heute druckt der Belegdrucker nicht mehr.',
      '',
    ].join('\r\n')

    // Act
    const received = await api.request<{ kind: string; caseId?: string }>('POST', '/local/inbound-mail', {
      rawBody: raw,
      headers: { 'content-type': 'message/rfc822' },
    })
    const c = await api.request<Case>('GET', `/v1/cases/${received.body.caseId}`, { token: tokens.sam })
    const [created] = await historyOf(c.body.id, tokens.sam)

    // Assert
    expect(received.body.kind).toBe('case')
    expect(c.body.queue).toBe('acme-desk')
    expect(created?.details).toEqual({ routing: { version: saved.body.version, rule: 1, ruleName: 'ACME' } })
  })

  it('customers see no queue configuration; agents read queues but change nothing', async () => {
    // Act
    const answers = await Promise.all([
      api.request('GET', '/v1/queues', { token: tokens.alice }),
      api.request('GET', '/v1/queues/support', { token: tokens.alice }),
      api.request('GET', '/v1/routing', { token: tokens.alice }),
      api.request('POST', '/v1/routing/preview', {
        token: tokens.alice,
        body: { ...licenceRequest, accountId: 'acme' },
      }),
      api.request('GET', '/v1/routing', { token: tokens.sam }),
      api.request('PATCH', '/v1/queues/support', { token: tokens.sam, body: { active: false } }),
      api.request('GET', '/v1/queues/support', { token: tokens.sam }),
    ])

    // Assert
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403, 200])
  })
})
