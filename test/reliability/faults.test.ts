import { randomUUID } from 'node:crypto'
import type { MiddlewareStack } from '@smithy/types'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { handler as fireTimerHandler } from '#functions/timers/fire-timer.ts'
import { timerScheduler } from '#src/runtime/scheduler-dependency.ts'
import { tableContext } from '#src/runtime/table-context.ts'
import { type Reply, useReliabilityApi } from './support.ts'

const { api, figures, request, token } = useReliabilityApi('faults')

interface CaseBody {
  id: string
  status: string
  version: number
  sla?: { dueAt: string }
}
interface Fault {
  /** Which DynamoDB command fails (e.g. TransactWriteItemsCommand), and the how-manyth call of any command. */
  command?: RegExp
  nth?: number
  error: () => Error
}

/** An error shaped as the SDK throws it for a service response. */
function awsError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} (injected)`), {
    name,
    $fault: 'server',
    $metadata: { httpStatusCode: 400, attempts: 3 },
    ...extra,
  })
}
const throttling = () => awsError('ThrottlingException')
const transactionConflict = () =>
  awsError('TransactionCanceledException', {
    CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
  })
const timeout = () => Object.assign(new Error('socket timed out (injected)'), { name: 'TimeoutError' })

/**
 * Faults go in as SDK middleware on the runtime's one DynamoDB client (the handlers run in this
 * process, so `tableContext()` is theirs), ahead of the SDK's own retries: the handler sees the
 * error the SDK would throw once its retries are spent.
 */
let fault: Fault | undefined
let calls = 0
/**
 * The event handler shares the client: it finishes what the stream holds before the fault goes in,
 * so the fault meets the request under test alone (and the handler's retries cannot run out inside
 * it and leave a dead letter that a later test finds).
 */
async function inject(next: Fault): Promise<void> {
  await api.runtime.stream.settled()
  fault = next
  calls = 0
}

describe('faults', () => {
  let alice = ''
  let sam = ''

  beforeAll(async () => {
    alice = await token('alice')
    sam = await token('sam')
    const stack = tableContext().dynamodb.middlewareStack as unknown as MiddlewareStack<object, object>
    stack.add(
      (next, context) => async (args) => {
        if (fault) {
          calls++
          const name = (context as { commandName?: string }).commandName ?? ''
          const hit = fault.nth !== undefined ? calls === fault.nth : fault.command?.test(name)
          if (hit) throw fault.error()
        }
        return next(args)
      },
      { step: 'initialize', name: 'reliabilityFaults', priority: 'high' },
    )
  })

  afterEach(() => {
    fault = undefined
  })

  const createBody = (title: string) => ({ title, description: 'Fault injection', product: 'Caseline' })

  async function casesTitled(title: string): Promise<CaseBody[]> {
    const reply = await request('GET', '/v1/cases?limit=100', { token: alice })
    return (reply.json as { items: (CaseBody & { title: string })[] }).items.filter((c) => c.title === title)
  }

  function expectRetryLater(reply: Reply): void {
    expect(reply.status, reply.text).toBe(503)
    expect(reply.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(reply.text).not.toMatch(/injected|Exception|TransactWrite/)
  }

  it.each([
    ['throttling', throttling],
    ['TransactionCanceled (TransactionConflict)', transactionConflict],
    ['a timeout', timeout],
  ])('a case write failing with %s answers 503 with Retry-After and writes nothing', async (_, error) => {
    // Arrange
    const title = `Fault ${randomUUID()}`
    const key = randomUUID()
    await inject({ command: /TransactWrite/, error })

    // Act
    const failed = await request('POST', '/v1/cases', {
      token: alice,
      body: createBody(title),
      headers: { 'idempotency-key': key },
    })
    fault = undefined
    const retried = await request('POST', '/v1/cases', {
      token: alice,
      body: createBody(title),
      headers: { 'idempotency-key': key },
    })

    // Assert: nothing of the failed attempt, and its Idempotency-Key is free for the retry.
    expectRetryLater(failed)
    expect(retried.status).toBe(201)
    const stored = await casesTitled(title)
    if (stored.length !== 1) figures.lostUpdates++
    expect(stored).toHaveLength(1)
  })

  it('a comment or transition failing mid-way leaves the case, its comments and its history as they were', async () => {
    // Arrange
    const created = await request('POST', '/v1/cases', {
      token: alice,
      body: createBody(`Partial ${randomUUID()}`),
    })
    const base = `/v1/cases/${(created.json as CaseBody).id}`
    const snapshot = async () =>
      Promise.all(
        ['', '/comments', '/history'].map(async (p) => (await request('GET', base + p, { token: sam })).text),
      )
    let before = await snapshot()

    // Act / Assert: every command of each write fails in turn.
    for (const [method, path, body] of [
      ['POST', '/comments', { body: 'Half a comment?' }],
      ['POST', '/transitions', { action: 'request_info', message: 'Half a question?' }],
      ['PATCH', '', { priority: 'high' }],
    ] as const) {
      for (let nth = 1; nth <= 8; nth++) {
        const etag = (await request('GET', base, { token: sam })).headers.get('etag') ?? ''
        await inject({ nth, error: nth % 2 ? throttling : timeout })
        const reply = await request(method, base + path, { token: sam, body, headers: { 'if-match': etag } })
        fault = undefined
        if (reply.status < 300) {
          // The fault came after the write's last command: it is done, and the next write starts from here.
          before = await snapshot()
          break
        }
        expectRetryLater(reply)
        const after = await snapshot()
        if (after.join() !== before.join()) figures.lostUpdates++
        expect(after).toEqual(before)
      }
    }
  })

  it('a contact registration failing at its write answers 503, leaves no contact, and its retry registers it', async () => {
    // Arrange
    const adam = await token('adam')
    const email = `fault.${randomUUID().slice(0, 8)}@acme.example`
    const register = () =>
      request('POST', '/v1/accounts/acme/contacts', { token: adam, body: { email, name: 'Fault Acme' } })
    await inject({ command: /TransactWrite/, error: throttling })

    // Act
    const failed = await register()
    fault = undefined
    const listed = await request('GET', '/v1/accounts/acme/contacts?limit=100', { token: adam })
    const retried = await register()

    // Assert: the address was not claimed by the failed attempt.
    expectRetryLater(failed)
    expect((listed.json as { items: { email: string }[] }).items.map((c) => c.email)).not.toContain(email)
    expect(retried.status, retried.text).toBe(201)
  })

  it('reads failing with a timeout answer 503, and the next request is served again', async () => {
    const created = await request('POST', '/v1/cases', { token: alice, body: createBody('Read fault') })
    const path = `/v1/cases/${(created.json as CaseBody).id}`
    await inject({ command: /Get/, error: timeout })
    expectRetryLater(await request('GET', path, { token: alice }))
    await inject({ command: /Query/, error: throttling })
    expectRetryLater(await request('GET', '/v1/cases', { token: alice }))
    fault = undefined
    expect((await request('GET', path, { token: alice })).status).toBe(200)
  })

  it('a failing scheduler fails no request, and the timers are set once it is back (the stream retries)', async () => {
    // Arrange: Scheduler refuses its next 3 calls (the event handler's scheduler, in this process).
    const scheduler = timerScheduler()
    const { set, clear } = scheduler
    let refusals = 3
    scheduler.set = (timer) =>
      refusals-- > 0 ? Promise.reject(awsError('ServiceUnavailableException')) : set.call(scheduler, timer)
    scheduler.clear = (caseId, kind) =>
      refusals-- > 0
        ? Promise.reject(awsError('ServiceUnavailableException'))
        : clear.call(scheduler, caseId, kind)
    try {
      // Act
      const title = `Scheduler down ${randomUUID()}`
      const created = await request('POST', '/v1/cases', { token: alice, body: createBody(title) })
      const id = (created.json as CaseBody).id
      const timers = await request('GET', '/local/timers')

      // Assert: the request never waited for Scheduler; the event handler set the warning and breach
      // timers of both clocks a new case starts with (first response and resolution).
      expect(created.status).toBe(201)
      expect(await casesTitled(title)).toHaveLength(1)
      const kinds = (timers.json as { pending: { caseId?: string; kind?: string }[] }).pending
        .filter((timer) => timer.caseId === id)
        .map((timer) => timer.kind)
        .sort()
      if (kinds.length !== 4) figures.lostEvents++
      expect(kinds).toEqual(['resolution-breach', 'resolution-warning', 'sla-breach', 'sla-warning'])
      expect(refusals).toBeLessThan(0)
      expect(api.runtime.stream.deadLetters()).toEqual([])
    } finally {
      scheduler.set = set
      scheduler.clear = clear
    }
  })

  it('duplicate, concurrent and late timer deliveries have one effect', async () => {
    // Arrange
    const created = await request('POST', '/v1/cases', {
      token: alice,
      body: createBody(`Timer ${randomUUID()}`),
    })
    const c = created.json as CaseBody
    const event = { caseId: c.id, kind: 'sla-breach', dueAt: c.sla?.dueAt }
    const fire = () => fireTimerHandler(event)

    // Act: an early delivery, then the clock passing the deadline (Scheduler fires) while two
    // duplicates arrive at once, then a late one.
    const early = await fire()
    const [moved, first, second] = await Promise.all([
      request('POST', '/local/clock', { body: { advanceBy: 'P30D' } }),
      fire(),
      fire(),
    ])
    const late = await fire()

    // Assert
    expect(early).toMatchObject({ outcome: 'ignored' })
    expect(moved.status).toBe(200)
    expect(late).toMatchObject({ outcome: 'ignored' })
    expect([first, second].filter((r) => r.outcome === 'applied').length).toBeLessThanOrEqual(1)
    const history = await request('GET', `/v1/cases/${c.id}/history?limit=100`, { token: sam })
    // The month also breaches the resolution target: only the first response's breach counts here.
    const breaches = (
      history.json as { items: { type: string; details?: { target?: string } }[] }
    ).items.filter((e) => e.type === 'sla.breached' && e.details?.target === 'first_response')
    if (breaches.length !== 1) figures.lostEvents++
    expect(breaches).toHaveLength(1)
  })
})
