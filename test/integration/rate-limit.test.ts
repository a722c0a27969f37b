import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { rateWindowKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Case } from '#src/domain/case.ts'
import { type ApiResponse, type Page, type Problem, useLocalApi } from './local-api.ts'

// The limits come from the environment, as Lambda's come from the stack; the handlers read them at
// their first request, after this. The refusal metrics would only add EMF lines to the output here.
const writesPerMinute = 5
const readsPerMinute = 20
vi.stubEnv('RATE_LIMIT_WRITES_PER_MINUTE', String(writesPerMinute))
vi.stubEnv('RATE_LIMIT_READS_PER_MINUTE', String(readsPerMinute))
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true')

const api = useLocalApi()
const tokens = { alice: '', adam: '', gina: '', sam: '' }
/** When the test's minute started on the local clock. */
let windowStart = 0

const newCase = { title: 'Invoices fail to print', description: 'Error 42 on every invoice.', product: 'ERP' }

beforeAll(async () => {
  // A fresh minute on the local clock, one second in: every step below runs inside this one window.
  const clock = await api.request<{ now: string }>('GET', '/local/clock')
  windowStart = (Math.floor(Date.parse(clock.body.now) / 60_000) + 24 * 60) * 60_000
  const moved = await api.request('POST', '/local/clock', {
    body: { set: new Date(windowStart + 1_000).toISOString() },
  })
  expect(moved.status).toBe(200)
  tokens.alice = await api.tokenFor('alice@acme.example')
  tokens.adam = await api.tokenFor('adam@acme.example')
  tokens.gina = await api.tokenFor('gina@globex.example')
  tokens.sam = await api.tokenFor('sam@vendor.example')
})

function expectRateLimited(response: ApiResponse<unknown>): number {
  expect(response.status).toBe(429)
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  expect(response.body).toMatchObject({
    type: '/problems/too-many-requests',
    title: 'Too many requests',
    status: 429,
  } satisfies Partial<Problem>)
  const retryAfter = Number(response.headers.get('retry-after'))
  expect(Number.isInteger(retryAfter)).toBe(true)
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(60)
  // The draft's headers: the quota, and nothing left of it until the window ends.
  expect(response.headers.get('ratelimit-policy')).toMatch(/^"(reads|writes)";q=\d+;w=60$/)
  expect(response.headers.get('ratelimit')).toBe(
    `"${response.headers.get('ratelimit-policy')?.match(/^"(\w+)"/)?.[1]}";r=0;t=${retryAfter}`,
  )
  return retryAfter
}

describe('the per-account rate limit through the local API', () => {
  let acmeCase: Case
  let retryAfter = 0

  it('lets exactly the limit of writes of a burst through and answers the rest 429 with Retry-After', async () => {
    // Arrange: one write of acme's five is the case itself.
    const created = await api.request<Case>('POST', '/v1/cases', { token: tokens.alice, body: newCase })
    expect(created.status).toBe(201)
    acmeCase = created.body

    // Act: eight comments at once.
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.request('POST', `/v1/cases/${acmeCase.id}/comments`, {
          token: tokens.alice,
          body: { body: `Still failing, attempt ${i + 1}.` },
        }),
      ),
    )

    // Assert
    const statuses = burst.map((response) => response.status).sort()
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 429, 429])
    const refusals = burst.filter((response) => response.status === 429)
    retryAfter = Math.max(...refusals.map(expectRateLimited))
    expect((refusals[0] as ApiResponse<Problem>).body.detail).toMatch(
      /^Your account has used its 5 requests that change data for this minute\. Retry after \d+ seconds\.$/,
    )
  })

  it('stored only what it let through, and counted it in the shared window item', async () => {
    // Act
    const comments = await api.request<Page<unknown>>('GET', `/v1/cases/${acmeCase.id}/comments`, {
      token: tokens.alice,
    })
    const { runtime } = api
    const window = await createDocumentClient({
      region: 'us-east-1',
      endpoint: runtime.dynamodbEndpoint,
    }).send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: rateWindowKeys.item('account#acme', new Date(windowStart).toISOString()),
      }),
    )

    // Assert
    expect(comments.status).toBe(200)
    expect(comments.body.items).toHaveLength(4)
    expect(window.Item).toMatchObject({ count: writesPerMinute, entity: 'rateWindow' })
  })

  it("counts every contact of the account against the account's budget", async () => {
    const adam = await api.request('POST', '/v1/cases', { token: tokens.adam, body: newCase })

    expectRateLimited(adam)
  })

  it('leaves another account and the staff unaffected', async () => {
    const gina = await api.request('POST', '/v1/cases', { token: tokens.gina, body: newCase })
    const sam = await api.request('POST', `/v1/cases/${acmeCase.id}/comments`, {
      token: tokens.sam,
      body: { body: 'We are on it.' },
    })

    expect(gina.status).toBe(201)
    expect(sam.status).toBe(201)
  })

  it('limits reads per account too, apart from writes', async () => {
    // Act: globex's reads, one more than its budget.
    const reads = await Promise.all(
      Array.from({ length: readsPerMinute + 1 }, () =>
        api.request('GET', '/v1/cases', { token: tokens.gina }),
      ),
    )

    // Assert
    expect(reads.filter((response) => response.status === 200)).toHaveLength(readsPerMinute)
    const refused = reads.filter((response) => response.status === 429)
    expect(refused).toHaveLength(1)
    expectRateLimited(refused[0] as ApiResponse<unknown>)
    expect((await api.request('GET', `/v1/cases/${acmeCase.id}`, { token: tokens.alice })).status).toBe(200)
  })

  it('lets the account write again once Retry-After has passed', async () => {
    // Act
    await api.request('POST', '/local/clock', { body: { advanceBy: `PT${retryAfter}S` } })
    const again = await api.request('POST', `/v1/cases/${acmeCase.id}/comments`, {
      token: tokens.alice,
      body: { body: 'Works now, thanks.' },
    })

    // Assert
    expect(again.status).toBe(201)
  })
})
