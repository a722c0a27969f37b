import { beforeAll, describe, expect, it } from 'vitest'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

const aCase = (overrides: Record<string, unknown> = {}) => ({
  title: 'Payment run stops at vendor 4711',
  description: 'The payment run aborts with error F-110 when it reaches vendor 4711.',
  product: 'Caseline ERP',
  ...overrides,
})

let alice = ''
let gina = ''
let sam = ''
let samId = ''

beforeAll(async () => {
  alice = await api.tokenFor('alice@acme.example')
  gina = await api.tokenFor('gina@globex.example')
  sam = await api.tokenFor('sam@vendor.example')
  samId = JSON.parse(Buffer.from(sam.split('.')[1] as string, 'base64url').toString()).sub
})

async function fileCase(overrides: Record<string, unknown> = {}): Promise<Case> {
  const response = await api.request<Case>('POST', '/v1/cases', { token: alice, body: aCase(overrides) })
  expect(response.status).toBe(201)
  return response.body
}

/** A transition's answer: the case, or a problem document. */
type Reply = Partial<Omit<Case, 'status'>> &
  Partial<Omit<Problem, 'status'>> & { status: Case['status'] | number }

function act(token: string, caseId: string, body: Record<string, unknown>) {
  return api.request<Reply>('POST', `/v1/cases/${caseId}/transitions`, { token, body })
}

describe('the whole life of a case', () => {
  it('goes new → open → in_progress → waiting → (customer reply) in_progress → solution_proposed → closed, all in the history', async () => {
    // Arrange
    const c = await fileCase()

    // Act
    const steps = [
      await act(sam, c.id, { action: 'acknowledge', message: 'Thanks, we are looking into it.' }),
      await act(sam, c.id, { action: 'start' }),
      await act(sam, c.id, { action: 'request_info', message: 'Please send the payment run log.' }),
    ]
    const reply = await api.request<Comment>('POST', `/v1/cases/${c.id}/comments`, {
      token: alice,
      body: { body: 'Log attached in the case files.' },
    })
    const afterReply = await api.request<Case>('GET', `/v1/cases/${c.id}`, { token: alice })
    steps.push(
      await act(sam, c.id, {
        action: 'propose_solution',
        resolution: { kind: 'workaround', summary: 'Block vendor 4711 for this run; a fix follows.' },
      }),
      await act(alice, c.id, { action: 'close' }),
    )
    const history = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, { token: alice })

    // Assert
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200])
    expect(steps.map((s) => s.body.status)).toEqual([
      'open',
      'in_progress',
      'waiting_on_customer',
      'solution_proposed',
      'closed',
    ])
    expect(reply.status).toBe(201)
    expect(afterReply.body.status).toBe('in_progress')
    expect(history.body.items.map((e) => e.action)).toEqual([
      'create',
      'acknowledge',
      'start',
      'request_info',
      'comment',
      'customer_reply',
      'propose_solution',
      'close',
    ])
    const statusChanges = history.body.items.flatMap((e) => e.changes.filter((ch) => ch.field === 'status'))
    expect(statusChanges.map((ch) => `${ch.before ?? ''}→${ch.after}`)).toEqual([
      '→new',
      'new→open',
      'open→in_progress',
      'in_progress→waiting_on_customer',
      'waiting_on_customer→in_progress',
      'in_progress→solution_proposed',
      'solution_proposed→closed',
    ])
    expect(steps[0]?.body.firstResponseAt).toBeDefined()
    expect(steps[4]?.body.closedAt).toBeDefined()
  })

  it('stores the request_info message as a public comment the customer sees', async () => {
    const c = await fileCase()
    await act(sam, c.id, { action: 'request_info', message: 'Which version do you run?' })
    const comments = await api.request<Page<Comment>>('GET', `/v1/cases/${c.id}/comments`, { token: alice })
    expect(comments.body.items.map((m) => m.body)).toEqual(['Which version do you run?'])
  })

  it('refuses an illegal action with 409 naming the status and the allowed actions', async () => {
    const c = await fileCase()
    const response = await act(sam, c.id, { action: 'reopen' })
    const customerTries = await act(alice, c.id, { action: 'acknowledge' })
    const notNow = await act(alice, c.id, { action: 'close' })
    expect(response.status).toBe(403)
    expect(customerTries.status).toBe(403)
    expect(notNow.status).toBe(409)
    expect(notNow.body.detail).toContain('is new')
    expect(notNow.body.detail).toContain('Allowed actions: cancel')
  })

  it('refuses to reopen a closed case and says to open a new one', async () => {
    const c = await fileCase()
    await act(sam, c.id, { action: 'propose_solution', resolution: { kind: 'solved', summary: 'Patched.' } })
    await act(alice, c.id, { action: 'close' })
    const response = await act(alice, c.id, { action: 'reopen' })
    expect(response.status).toBe(409)
    expect(response.body.detail).toMatch(/open a new case/i)
  })

  it('lets the customer reopen a proposed solution and cancel before closure', async () => {
    const c = await fileCase()
    await act(sam, c.id, { action: 'propose_solution', resolution: { kind: 'solved', summary: 'Patched.' } })
    const reopened = await act(alice, c.id, { action: 'reopen', reason: 'Still failing.' })
    const cancelled = await act(alice, c.id, { action: 'cancel' })
    expect(reopened.body.status).toBe('in_progress')
    expect(cancelled.body.status).toBe('cancelled')
  })

  it('requires a fix ETA when a bug was raised', async () => {
    const c = await fileCase()
    const response = await act(sam, c.id, {
      action: 'propose_solution',
      resolution: { kind: 'bug_raised', summary: 'Bug 123' },
    })
    expect(response.status).toBe(400)
    expect(response.body.errors?.map((e) => e.pointer)).toEqual(['/resolution/fixEta'])
  })

  it('never lets another account act on a case', async () => {
    const c = await fileCase()
    const response = await act(gina, c.id, { action: 'cancel' })
    expect(response.status).toBe(404)
  })
})

describe('editing with If-Match', () => {
  it('accepts one of two PATCHes made with the same ETag and answers the other 412', async () => {
    // Arrange
    const c = await fileCase()
    const read = await api.request<Case>('GET', `/v1/cases/${c.id}`, { token: alice })
    const etag = read.headers.get('etag') as string

    // Act
    const first = await api.request<Case>('PATCH', `/v1/cases/${c.id}`, {
      token: alice,
      headers: { 'if-match': etag },
      body: { title: 'Payment run stops at vendor 4711 (prod only)' },
    })
    const second = await api.request<Problem>('PATCH', `/v1/cases/${c.id}`, {
      token: alice,
      headers: { 'if-match': etag },
      body: { description: 'Another edit based on the old version' },
    })

    // Assert
    expect(first.status).toBe(200)
    expect(first.headers.get('etag')).toBe('"2"')
    expect(second.status).toBe(412)
  })

  it('requires If-Match (428)', async () => {
    const c = await fileCase()
    const response = await api.request<Problem>('PATCH', `/v1/cases/${c.id}`, {
      token: alice,
      body: { title: 'x' },
    })
    expect(response.status).toBe(428)
  })

  it('lets staff change severity only with a reason, kept in the history', async () => {
    const c = await fileCase()
    const withoutReason = await api.request<Problem>('PATCH', `/v1/cases/${c.id}`, {
      token: sam,
      headers: { 'if-match': '"1"' },
      body: { severity: 'low' },
    })
    const withReason = await api.request<Case>('PATCH', `/v1/cases/${c.id}`, {
      token: sam,
      headers: { 'if-match': '"1"' },
      body: {
        severity: 'low',
        severityReason: 'Only a test system is affected.',
        assigneeId: samId,
        tier: 3,
      },
    })
    const history = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, { token: sam })
    const update = history.body.items.find((e) => e.action === 'update')
    expect(withoutReason.status).toBe(400)
    expect(withoutReason.body.errors?.map((e) => e.pointer)).toEqual(['/severityReason'])
    expect(withReason.body).toMatchObject({ severity: 'low', priority: 'normal', assigneeId: samId, tier: 3 })
    expect(update?.details).toEqual({ severityReason: 'Only a test system is affected.' })
    expect(update?.changes).toContainEqual({ field: 'severity', before: 'standard', after: 'low' })
  })

  it('keeps staff fields from customers and customer edits to new or open cases', async () => {
    const c = await fileCase()
    const staffField = await api.request('PATCH', `/v1/cases/${c.id}`, {
      token: alice,
      headers: { 'if-match': '"1"' },
      body: { priority: 'high' },
    })
    await act(sam, c.id, { action: 'start' })
    const tooLate = await api.request('PATCH', `/v1/cases/${c.id}`, {
      token: alice,
      headers: { 'if-match': '"2"' },
      body: { title: 'late edit' },
    })
    expect(staffField.status).toBe(403)
    expect(tooLate.status).toBe(409)
  })
})

describe('comments', () => {
  it('keeps internal notes from customers, in the comments and in the history', async () => {
    const c = await fileCase()
    await api.request('POST', `/v1/cases/${c.id}/comments`, {
      token: sam,
      body: { body: 'Customer runs an unsupported DB version.', visibility: 'internal' },
    })
    const customerNote = await api.request('POST', `/v1/cases/${c.id}/comments`, {
      token: alice,
      body: { body: 'sneaky', visibility: 'internal' },
    })
    const aliceSees = await api.request<Page<Comment>>('GET', `/v1/cases/${c.id}/comments`, { token: alice })
    const samSees = await api.request<Page<Comment>>('GET', `/v1/cases/${c.id}/comments`, { token: sam })
    const aliceHistory = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, {
      token: alice,
    })
    expect(customerNote.status).toBe(403)
    expect(aliceSees.body.items).toEqual([])
    expect(samSees.body.items.map((m) => m.visibility)).toEqual(['internal'])
    expect(JSON.stringify(aliceHistory.body)).not.toContain('internal')
  })

  it('stores 20 concurrent comments, none lost, while the case is edited', async () => {
    // Arrange
    const c = await fileCase()

    // Act
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        api.request('POST', `/v1/cases/${c.id}/comments`, {
          token: i % 2 ? alice : sam,
          body: { body: `comment ${i}` },
        }),
      ),
      api.request('PATCH', `/v1/cases/${c.id}`, {
        token: alice,
        headers: { 'if-match': '"1"' },
        body: { title: 'renamed' },
      }),
    ])
    const comments = await api.request<Page<Comment>>('GET', `/v1/cases/${c.id}/comments?limit=100`, {
      token: sam,
    })

    // Assert
    expect(results.slice(0, 20).every((r) => r.status === 201)).toBe(true)
    expect(comments.body.items).toHaveLength(20)
    expect(new Set(comments.body.items.map((m) => m.body)).size).toBe(20)
  })

  it('records the first public staff comment as the first response', async () => {
    const c = await fileCase()
    await api.request('POST', `/v1/cases/${c.id}/comments`, { token: sam, body: { body: 'On it.' } })
    const read = await api.request<Case>('GET', `/v1/cases/${c.id}`, { token: alice })
    expect(read.body.firstResponseAt).toBeDefined()
  })
})

describe('idempotency', () => {
  it('returns the first case for a retried create with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `create-${Date.now()}` }
    const first = await api.request<Case>('POST', '/v1/cases', { token: alice, headers, body: aCase() })
    const retry = await api.request<Case>('POST', '/v1/cases', { token: alice, headers, body: aCase() })
    const otherBody = await api.request<Problem>('POST', '/v1/cases', {
      token: alice,
      headers,
      body: aCase({ title: 'x' }),
    })
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body.id).toBe(first.body.id)
    expect(otherBody.status).toBe(422)
  })

  it('does not share keys between callers', async () => {
    const headers = { 'idempotency-key': `shared-${Date.now()}` }
    const acme = await api.request<Case>('POST', '/v1/cases', { token: alice, headers, body: aCase() })
    const globex = await api.request<Case>('POST', '/v1/cases', { token: gina, headers, body: aCase() })
    expect(globex.status).toBe(201)
    expect(globex.body.id).not.toBe(acme.body.id)
    expect(globex.body.accountId).toBe('globex')
  })
})

describe('escalation, queues and assignment', () => {
  it('raises the level with each escalation and refuses a fifth', async () => {
    const c = await fileCase()
    const levels: number[] = []
    for (let i = 0; i < 4; i++) {
      const r = await api.request<Case>('POST', `/v1/cases/${c.id}/escalations`, {
        token: alice,
        body: { reason: `Not resolved in time (${i})` },
      })
      levels.push(r.body.escalationLevel)
    }
    const fifth = await api.request<Problem>('POST', `/v1/cases/${c.id}/escalations`, {
      token: alice,
      body: { reason: 'again' },
    })
    const history = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, { token: alice })
    expect(levels).toEqual([1, 2, 3, 4])
    expect(fifth.status).toBe(409)
    expect(
      history.body.items.filter((e) => e.action === 'escalate').map((e) => e.details?.levelName),
    ).toEqual(['lead customer-service manager', 'senior manager', 'director', 'chief operating officer'])
  })

  it('routes consulting requests to the consulting queue, oldest first, for staff only', async () => {
    const first = await fileCase({ type: 'consulting_request' })
    const second = await fileCase({ type: 'consulting_request' })
    const queue = await api.request<Page<Case>>('GET', '/v1/queues/consulting/cases', { token: sam })
    const customer = await api.request('GET', '/v1/queues/consulting/cases', { token: alice })
    const unknown = await api.request('GET', '/v1/queues/nowhere/cases', { token: sam })
    expect(queue.body.items.map((c) => c.id)).toEqual([first.id, second.id])
    expect(customer.status).toBe(403)
    expect(unknown.status).toBe(404)
  })

  it('lists my assigned cases with assignee=me', async () => {
    const c = await fileCase()
    await api.request('PATCH', `/v1/cases/${c.id}`, {
      token: sam,
      headers: { 'if-match': '"1"' },
      body: { assigneeId: samId },
    })
    const mine = await api.request<Page<Case>>('GET', '/v1/cases?assignee=me', { token: sam })
    const customer = await api.request('GET', '/v1/cases?assignee=me', { token: alice })
    expect(mine.body.items.map((x) => x.id)).toContain(c.id)
    expect(mine.body.items.every((x) => x.assigneeId === samId)).toBe(true)
    expect(customer.status).toBe(403)
  })
})
