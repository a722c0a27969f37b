import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRateWindowCounter } from '#src/adapters/dynamodb/rate-window-counter.ts'
import { ConfigurationError, readRateLimits } from '#src/config.ts'
import type { Caller } from '#src/domain/identity.ts'
import { type HttpResult, httpHandler } from '#src/http/http-handler.ts'
import { rateKindOf, rateLimit } from '#src/http/rate-limit.ts'
import { routes } from '#src/http/routes.ts'
import {
  createRateLimiter,
  type RateCounter,
  type RateKind,
  type RateLimiter,
  type RateQuota,
  type RateWindow,
  rateLimitHeaders,
  rateSubjectOf,
  rateWindowOf,
  TooManyRequestsError,
} from '#src/use-cases/rate-limit.ts'
import { aCase, aCustomer, aStaffMember } from '../fakes/core.ts'
import { agentClaims, customerClaims, httpEvent, lambdaContext } from './events.ts'

/** A clock the test moves by hand. */
function manualClock(at: string) {
  let now = new Date(at)
  return {
    now: () => new Date(now),
    set: (to: string) => {
      now = new Date(to)
    },
  }
}

/** The shared counter as the table keeps it, in memory: one count per subject and window. */
function memoryCounter() {
  const counts = new Map<string, number>()
  const calls: { subject: string; window: RateWindow; limit: number }[] = []
  const counter: RateCounter = {
    async countIn(subject, window, limit) {
      calls.push({ subject, window, limit })
      const key = `${subject}@${window.start.toISOString()}`
      const count = counts.get(key) ?? 0
      if (count >= limit) return false
      counts.set(key, count + 1)
      return true
    },
  }
  return { counter, calls }
}

const failingCounter: RateCounter = {
  countIn: async () => {
    throw Object.assign(new Error('Throughput exceeds the current capacity'), {
      name: 'ThrottlingException',
    })
  },
}

async function refusalOf(promise: Promise<unknown>): Promise<TooManyRequestsError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof TooManyRequestsError) return error
    throw error
  }
  throw new Error('the request was let through')
}

function limiterWith(
  limits: { readsPerMinute?: number; writesPerMinute?: number },
  options: { counter?: RateCounter; at?: string } = {},
) {
  const clock = manualClock(options.at ?? '2026-11-25T10:05:00.000Z')
  const memory = memoryCounter()
  const limited: RateKind[] = []
  let unavailable = 0
  const limiter = createRateLimiter({
    limits: { readsPerMinute: limits.readsPerMinute, writesPerMinute: limits.writesPerMinute },
    counter: options.counter ?? memory.counter,
    clock,
    onLimited: (kind) => limited.push(kind),
    onCounterUnavailable: () => {
      unavailable += 1
    },
  })
  return { limiter, clock, calls: memory.calls, limited, unavailable: () => unavailable }
}

async function admitTimes(limiter: RateLimiter, caller: Caller, kind: RateKind, times: number) {
  for (let i = 0; i < times; i += 1) await limiter.admit(caller, kind)
}

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('rate windows and subjects', () => {
  it('are whole minutes', () => {
    expect(rateWindowOf(new Date('2026-11-25T10:05:59.999Z'))).toEqual({
      start: new Date('2026-11-25T10:05:00.000Z'),
      end: new Date('2026-11-25T10:06:00.000Z'),
    })
  })

  it('charge a customer to its account and a staff member to themselves', () => {
    expect(rateSubjectOf(aCustomer({ userId: 'alice', accountId: 'acme' }))).toBe('account#acme')
    expect(rateSubjectOf(aCustomer({ userId: 'adam', accountId: 'acme' }))).toBe('account#acme')
    expect(rateSubjectOf(aStaffMember({ userId: 'sam' }))).toBe('user#sam')
  })

  it('count GET as reads and every other method as writes', () => {
    expect(rateKindOf(routes.getCase)).toBe('reads')
    for (const route of [routes.createCase, routes.updateCase, routes.putCalendar, routes.deleteFile])
      expect(rateKindOf(route)).toBe('writes')
  })
})

describe('createRateLimiter: reads, counted in the instance', () => {
  it('lets the limit through and refuses the next one with the seconds left in the minute', async () => {
    // Arrange
    const { limiter, limited } = limiterWith({ readsPerMinute: 3 }, { at: '2026-11-25T10:05:20.400Z' })
    await admitTimes(limiter, aCustomer(), 'reads', 3)

    // Act
    const refusal = await refusalOf(limiter.admit(aCustomer(), 'reads'))

    // Assert
    expect(refusal.status).toBe(429)
    expect(refusal.headers).toEqual({
      'retry-after': '40',
      'ratelimit-policy': '"reads";q=3;w=60',
      ratelimit: '"reads";r=0;t=40',
    })
    expect(refusal.message).toBe(
      'Your account has used its 3 read requests for this minute. Retry after 40 seconds.',
    )
    expect(limited).toEqual(['reads'])
  })

  it('shares the budget among the contacts of one account, and leaves other accounts alone', async () => {
    // Arrange
    const { limiter } = limiterWith({ readsPerMinute: 2 })
    await limiter.admit(aCustomer({ userId: 'alice' }), 'reads')
    await limiter.admit(aCustomer({ userId: 'adam' }), 'reads')

    // Act / Assert
    await expect(limiter.admit(aCustomer({ userId: 'alice' }), 'reads')).rejects.toThrow(TooManyRequestsError)
    await expect(
      admitTimes(limiter, aCustomer({ userId: 'gina', accountId: 'globex' }), 'reads', 2),
    ).resolves.toBeUndefined()
  })

  it('gives every staff member a budget of their own', async () => {
    // Arrange
    const { limiter } = limiterWith({ readsPerMinute: 1 })
    await limiter.admit(aStaffMember({ userId: 'sam' }), 'reads')

    // Act / Assert
    await expect(limiter.admit(aStaffMember({ userId: 'erin' }), 'reads')).resolves.toMatchObject({
      remaining: 0,
    })
    const refusal = await refusalOf(limiter.admit(aStaffMember({ userId: 'sam' }), 'reads'))
    expect(refusal.message).toMatch(/^You have used your 1 read request for this minute/)
  })

  it('starts afresh in the next minute', async () => {
    // Arrange
    const { limiter, clock } = limiterWith({ readsPerMinute: 1 }, { at: '2026-11-25T10:05:59.000Z' })
    await limiter.admit(aCustomer(), 'reads')
    await expect(limiter.admit(aCustomer(), 'reads')).rejects.toThrow(TooManyRequestsError)

    // Act
    clock.set('2026-11-25T10:06:00.000Z')

    // Assert
    await expect(limiter.admit(aCustomer(), 'reads')).resolves.toMatchObject({ kind: 'reads' })
  })

  it('says what is left of the budget and when the minute ends', async () => {
    const { limiter } = limiterWith({ readsPerMinute: 3 }, { at: '2026-11-25T10:05:20.400Z' })

    const quota = await limiter.admit(aCustomer(), 'reads')

    expect(quota).toEqual({ kind: 'reads', limit: 3, remaining: 2, resetSeconds: 40 })
    expect(rateLimitHeaders(quota as RateQuota)).toEqual({
      'ratelimit-policy': '"reads";q=3;w=60',
      ratelimit: '"reads";r=2;t=40',
    })
  })

  it('asks for at least one second even in the last millisecond of a minute', async () => {
    const { limiter } = limiterWith({ readsPerMinute: 1 }, { at: '2026-11-25T10:05:59.999Z' })
    await limiter.admit(aCustomer(), 'reads')

    const refusal = await refusalOf(limiter.admit(aCustomer(), 'reads'))

    expect(refusal.headers['retry-after']).toBe('1')
  })

  it('never counts reads in the shared counter', async () => {
    const { limiter, calls } = limiterWith({ readsPerMinute: 5, writesPerMinute: 5 })

    await admitTimes(limiter, aCustomer(), 'reads', 5)

    expect(calls).toEqual([])
  })
})

describe('createRateLimiter: writes, counted in the shared window', () => {
  it('counts each write for the account in the current minute with the limit', async () => {
    const { limiter, calls } = limiterWith({ writesPerMinute: 10 }, { at: '2026-11-25T10:05:30.000Z' })

    await limiter.admit(aCustomer({ accountId: 'acme' }), 'writes')

    expect(calls).toEqual([
      {
        subject: 'account#acme',
        window: { start: new Date('2026-11-25T10:05:00.000Z'), end: new Date('2026-11-25T10:06:00.000Z') },
        limit: 10,
      },
    ])
  })

  it('refuses once the shared count is full, then without asking the counter again this minute', async () => {
    // Arrange
    const { limiter, calls, clock, limited } = limiterWith({ writesPerMinute: 2 })
    await admitTimes(limiter, aCustomer(), 'writes', 2)

    // Act
    const first = await refusalOf(limiter.admit(aCustomer(), 'writes'))
    const second = await refusalOf(limiter.admit(aCustomer(), 'writes'))

    // Assert
    expect(first.message).toBe(
      'Your account has used its 2 requests that change data for this minute. Retry after 60 seconds.',
    )
    expect(second.status).toBe(429)
    expect(calls).toHaveLength(3)
    expect(limited).toEqual(['writes', 'writes'])
    clock.set('2026-11-25T10:06:00.000Z')
    await expect(limiter.admit(aCustomer(), 'writes')).resolves.toMatchObject({
      kind: 'writes',
      remaining: undefined,
    })
    expect(calls).toHaveLength(4)
  })

  it('holds across instances: two limiters share one counter', async () => {
    // Arrange: two function instances, one table.
    const shared = memoryCounter()
    const clock = manualClock('2026-11-25T10:05:00.000Z')
    const [one, two] = [1, 2].map(() =>
      createRateLimiter({
        limits: { readsPerMinute: undefined, writesPerMinute: 3 },
        counter: shared.counter,
        clock,
      }),
    ) as [RateLimiter, RateLimiter]
    await admitTimes(one, aCustomer(), 'writes', 2)
    await two.admit(aCustomer(), 'writes')

    // Act / Assert
    await expect(one.admit(aCustomer(), 'writes')).rejects.toThrow(TooManyRequestsError)
    await expect(two.admit(aCustomer(), 'writes')).rejects.toThrow(TooManyRequestsError)
    await expect(two.admit(aCustomer({ accountId: 'globex' }), 'writes')).resolves.toMatchObject({
      kind: 'writes',
    })
  })

  it('lets a write through when the counter fails, and says so', async () => {
    const { limiter, unavailable, limited } = limiterWith({ writesPerMinute: 1 }, { counter: failingCounter })

    await admitTimes(limiter, aCustomer(), 'writes', 3)

    expect(unavailable()).toBe(3)
    expect(limited).toEqual([])
  })

  it('limits nothing of a kind without a configured limit', async () => {
    const { limiter, calls } = limiterWith({ readsPerMinute: 1 })

    await admitTimes(limiter, aCustomer(), 'writes', 5)

    expect(calls).toEqual([])
  })
})

describe('readRateLimits', () => {
  it('reads both limits', () => {
    expect(
      readRateLimits({ RATE_LIMIT_WRITES_PER_MINUTE: '120', RATE_LIMIT_READS_PER_MINUTE: '600' }),
    ).toEqual({ writesPerMinute: 120, readsPerMinute: 600 })
  })

  it('limits nothing when they are unset or 0', () => {
    expect(readRateLimits({})).toEqual({ writesPerMinute: undefined, readsPerMinute: undefined })
    expect(readRateLimits({ RATE_LIMIT_WRITES_PER_MINUTE: '0' }).writesPerMinute).toBeUndefined()
  })

  it.each(['-1', '1.5', 'ten', ''])('refuses %j, naming the variable', (value) => {
    expect(() => readRateLimits({ RATE_LIMIT_READS_PER_MINUTE: value })).toThrow(ConfigurationError)
    expect(() => readRateLimits({ RATE_LIMIT_READS_PER_MINUTE: value })).toThrow(
      /RATE_LIMIT_READS_PER_MINUTE/,
    )
  })
})

describe('the rate limit in front of a route', () => {
  function limitedGetCase(limiter: RateLimiter) {
    const served: string[] = []
    const handler = httpHandler(routes.getCase, async ({ params }) => {
      served.push(params.caseId)
      return { body: aCase({ id: params.caseId }) }
    }).use(rateLimit(routes.getCase, () => limiter))
    const get = async (claims: Record<string, string> = customerClaims) =>
      (await handler(
        httpEvent({
          method: 'GET',
          path: '/v1/cases/case-1',
          routeKey: 'GET /v1/cases/{caseId}',
          pathParameters: { caseId: 'case-1' },
          claims,
        }),
        lambdaContext,
      )) as HttpResult
    return { get, served }
  }

  it('answers 429 as a problem document with Retry-After, and never runs the route', async () => {
    // Arrange
    const { limiter } = limiterWith({ readsPerMinute: 1 }, { at: '2026-11-25T10:05:45.000Z' })
    const { get, served } = limitedGetCase(limiter)
    await get()

    // Act
    const result = await get()

    // Assert
    expect(result.statusCode).toBe(429)
    expect(result.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'retry-after': '15',
      'ratelimit-policy': '"reads";q=1;w=60',
      ratelimit: '"reads";r=0;t=15',
    })
    expect(JSON.parse(result.body ?? '')).toEqual({
      type: '/problems/too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail: 'Your account has used its 1 read request for this minute. Retry after 15 seconds.',
    })
    expect(served).toEqual(['case-1'])
  })

  it('tells an admitted caller its quota in RateLimit-Policy and RateLimit', async () => {
    const { limiter } = limiterWith({ readsPerMinute: 5 }, { at: '2026-11-25T10:05:45.000Z' })
    const { get } = limitedGetCase(limiter)

    const result = await get()

    expect(result.statusCode).toBe(200)
    expect(result.headers).toMatchObject({
      'ratelimit-policy': '"reads";q=5;w=60',
      ratelimit: '"reads";r=4;t=15',
    })
  })

  it('counts the caller from the verified claims: another account still gets through', async () => {
    const { limiter } = limiterWith({ readsPerMinute: 1 })
    const { get } = limitedGetCase(limiter)
    await get()

    const other = await get({ ...customerClaims, sub: 'gina', 'custom:accountId': 'globex' })

    expect(other.statusCode).toBe(200)
  })

  it('does not count a caller whose role may not call the route: the route refuses it at no cost', async () => {
    // Arrange: a customer at an admin-only write.
    const { limiter, calls } = limiterWith({ writesPerMinute: 1 })
    const handler = httpHandler(routes.putCalendar, async () => {
      throw new Error('not reached')
    }).use(rateLimit(routes.putCalendar, () => limiter))

    // Act
    const result = (await handler(
      httpEvent({
        method: 'PUT',
        path: '/v1/calendars/vienna',
        pathParameters: { calendarId: 'vienna' },
        body: '{}',
      }),
      lambdaContext,
    )) as HttpResult

    // Assert
    expect(result.statusCode).toBe(403)
    expect(calls).toEqual([])
  })

  it('answers 401 for a request without claims, as the route would', async () => {
    const { limiter } = limiterWith({ readsPerMinute: 1 })
    const { get } = limitedGetCase(limiter)

    const result = await get({} as Record<string, string>)

    expect(result.statusCode).toBe(401)
  })

  it('counts staff per user', async () => {
    const { limiter } = limiterWith({ readsPerMinute: 1 })
    const { get } = limitedGetCase(limiter)
    await get(agentClaims)

    expect((await get(agentClaims)).statusCode).toBe(429)
    expect((await get({ ...agentClaims, sub: 'erin' })).statusCode).toBe(200)
  })
})

describe('createRateWindowCounter (DynamoDB)', () => {
  const dynamodb = mockClient(DynamoDBDocumentClient)

  // Unit tests share one module graph: give the real client back to the files that run later.
  afterAll(() => {
    dynamodb.restore()
  })
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }))
  const window = rateWindowOf(new Date('2026-11-25T10:05:12.000Z'))

  beforeEach(() => {
    dynamodb.reset()
  })

  it('adds one to the window item only while it holds less than the limit, with a TTL after the minute', async () => {
    // Arrange
    dynamodb.on(UpdateCommand).resolves({})

    // Act
    const counted = await createRateWindowCounter(doc, 'caseline').countIn('account#acme', window, 120)

    // Assert
    expect(counted).toBe(true)
    expect(dynamodb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'caseline',
      Key: { pk: 'RATEWINDOW#account#acme#2026-11-25T10:05:00.000Z', sk: 'RATEWINDOW' },
      UpdateExpression: 'ADD #count :one SET #entity = :entity, #expiresAt = :expiresAt',
      ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
      ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':limit': 120,
        ':entity': 'rateWindow',
        ':expiresAt': Date.parse('2026-11-25T10:11:00.000Z') / 1000,
      },
    })
  })

  it('answers false when the condition fails: the window is full', async () => {
    dynamodb.on(UpdateCommand).rejects(
      Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      }),
    )

    await expect(createRateWindowCounter(doc, 'caseline').countIn('account#acme', window, 1)).resolves.toBe(
      false,
    )
  })

  it('passes any other failure on', async () => {
    dynamodb.on(UpdateCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))

    await expect(createRateWindowCounter(doc, 'caseline').countIn('account#acme', window, 1)).rejects.toThrow(
      'slow down',
    )
  })
})
