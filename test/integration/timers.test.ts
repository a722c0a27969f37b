import { randomUUID } from 'node:crypto'
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type LocalSchedulerEndpoint, startSchedulerEndpoint } from '#local/scheduler-endpoint.ts'
import { createEventBridgeTimerScheduler } from '#src/adapters/aws/eventbridge-scheduler.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { readConfig, requireSchedulerSettings } from '#src/config.ts'
import type { TimerFired } from '#src/use-cases/ports/timers.ts'
import { useLocalApi } from './local-api.ts'

const region = 'us-east-1'
const targetArn = 'arn:aws:lambda:us-east-1:000000000000:function:caseline-test-fire-timer'
const roleArn = 'arn:aws:iam::000000000000:role/caseline-test-scheduler'
const deadLetterArn = 'arn:aws:sqs:us-east-1:000000000000:caseline-test-timer-dead-letters'

function clientFor(endpoint: string): SchedulerClient {
  return new SchedulerClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
}

/** A one-time schedule as the timer adapter writes it, with a unique name unless given one. */
function aSchedule(
  overrides: Partial<CreateScheduleCommandInput> & { at: string },
): CreateScheduleCommandInput {
  const { at, ...rest } = overrides
  return {
    Name: `test-${randomUUID()}`,
    GroupName: 'caseline-test',
    ScheduleExpression: `at(${at})`,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: targetArn,
      RoleArn: roleArn,
      Input: JSON.stringify({ caseId: 'c1', kind: 'sla-breach', dueAt: `${at}.000Z` }),
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: deadLetterArn },
    },
    ...rest,
  }
}

describe('the local Scheduler endpoint, through the real SchedulerClient', () => {
  let endpoint: LocalSchedulerEndpoint
  let client: SchedulerClient
  /** What the endpoint invoked, in order; `behaviour` decides how the next invocation ends. */
  const invoked: unknown[] = []
  let behaviour: (input: unknown) => Promise<unknown> = async () => undefined

  // A fresh endpoint per test: what one test leaves due must not fire in another.
  beforeEach(async () => {
    invoked.length = 0
    behaviour = async () => undefined
    endpoint = await startSchedulerEndpoint({
      region,
      invoke: async (input) => {
        invoked.push(input)
        return behaviour(input)
      },
    })
    client = clientFor(endpoint.url)
  })
  afterEach(async () => {
    client.destroy()
    await endpoint.stop()
  })

  const get = (Name: string | undefined) =>
    client.send(new GetScheduleCommand({ Name, GroupName: 'caseline-test' }))

  it('creates, reads, updates, lists and deletes a schedule', async () => {
    // Arrange
    const schedule = aSchedule({ at: '2031-01-01T08:00:00', Description: 'first' })
    const name = schedule.Name as string

    // Act
    const created = await client.send(new CreateScheduleCommand(schedule))
    const read = await get(name)
    await client.send(
      new UpdateScheduleCommand({
        ...schedule,
        ScheduleExpression: 'at(2031-01-02T09:30:00)',
        Description: 'moved',
      }),
    )
    const updated = await get(name)
    const listed = await client.send(
      new ListSchedulesCommand({ GroupName: 'caseline-test', NamePrefix: name }),
    )
    await client.send(new DeleteScheduleCommand({ Name: name, GroupName: 'caseline-test' }))

    // Assert
    expect(created.ScheduleArn).toBe(
      `arn:aws:scheduler:us-east-1:000000000000:schedule/caseline-test/${name}`,
    )
    expect(read).toMatchObject({
      Arn: created.ScheduleArn,
      Name: name,
      GroupName: 'caseline-test',
      ScheduleExpression: 'at(2031-01-01T08:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: schedule.Target,
      Description: 'first',
    })
    expect(read.CreationDate).toBeInstanceOf(Date)
    expect(updated).toMatchObject({ ScheduleExpression: 'at(2031-01-02T09:30:00)', Description: 'moved' })
    expect(updated.CreationDate).toEqual(read.CreationDate)
    expect(listed.Schedules).toEqual([
      expect.objectContaining({
        Name: name,
        GroupName: 'caseline-test',
        State: 'ENABLED',
        Target: { Arn: targetArn },
      }),
    ])
    await expect(get(name)).rejects.toBeInstanceOf(ResourceNotFoundException)
  })

  it('answers ConflictException to a second create of the same name in the group', async () => {
    const schedule = aSchedule({ at: '2031-01-01T08:00:00' })
    await client.send(new CreateScheduleCommand(schedule))

    const again = client.send(new CreateScheduleCommand(schedule))

    await expect(again).rejects.toBeInstanceOf(ConflictException)
    await expect(again).rejects.toThrow(/already exists/)
  })

  it('answers ResourceNotFoundException for a schedule that does not exist', async () => {
    const missing = aSchedule({ at: '2031-01-01T08:00:00' })

    await expect(
      client.send(new DeleteScheduleCommand({ Name: missing.Name, GroupName: 'caseline-test' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    await expect(client.send(new UpdateScheduleCommand(missing))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    )
    await expect(get(missing.Name)).rejects.toBeInstanceOf(ResourceNotFoundException)
  })

  it.each([
    ['a rate expression', { ScheduleExpression: 'rate(5 minutes)' }],
    ['a malformed at()', { ScheduleExpression: 'at(2031-01-01 08:00)' }],
    ['an unknown time zone', { ScheduleExpressionTimezone: 'Mars/Olympus_Mons' }],
    [
      'a retry policy beyond 185 attempts',
      { Target: { Arn: targetArn, RoleArn: roleArn, RetryPolicy: { MaximumRetryAttempts: 200 } } },
    ],
  ])('answers ValidationException to %s', async (_, override) => {
    const schedule = { ...aSchedule({ at: '2031-01-01T08:00:00' }), ...override }

    await expect(client.send(new CreateScheduleCommand(schedule))).rejects.toBeInstanceOf(ValidationException)
  })

  it('pages through ListSchedules', async () => {
    const prefix = `page-${randomUUID().slice(0, 8)}`
    for (const n of [1, 2, 3])
      await client.send(
        new CreateScheduleCommand(aSchedule({ Name: `${prefix}-${n}`, at: '2031-01-01T08:00:00' })),
      )

    const first = await client.send(new ListSchedulesCommand({ NamePrefix: prefix, MaxResults: 2 }))
    const second = await client.send(
      new ListSchedulesCommand({ NamePrefix: prefix, MaxResults: 2, NextToken: first.NextToken }),
    )

    expect(first.Schedules?.map((s) => s.Name)).toEqual([`${prefix}-1`, `${prefix}-2`])
    expect(second.Schedules?.map((s) => s.Name)).toEqual([`${prefix}-3`])
    expect(second.NextToken).toBeUndefined()
  })

  it('fires due schedules oldest first with their input, deletes them, and keeps the later ones', async () => {
    // Arrange
    const later = aSchedule({ at: '2040-03-01T10:00:02' })
    const second = aSchedule({ at: '2040-03-01T10:00:01' })
    const first = aSchedule({ at: '2040-03-01T10:00:00' })
    for (const schedule of [later, second, first]) await client.send(new CreateScheduleCommand(schedule))

    // Act
    const fired = await endpoint.fireDue(new Date('2040-03-01T10:00:01.500Z'))

    // Assert
    expect(fired.map((f) => [f.name, f.outcome])).toEqual([
      [first.Name, 'fired'],
      [second.Name, 'fired'],
    ])
    expect(fired[0]).toEqual({
      name: first.Name,
      groupName: 'caseline-test',
      caseId: 'c1',
      kind: 'sla-breach',
      dueAt: '2040-03-01T10:00:00.000Z',
      scheduledAt: '2040-03-01T10:00:00.000Z',
      outcome: 'fired',
      attempt: 1,
    })
    expect(invoked).toEqual([JSON.parse(first.Target?.Input ?? ''), JSON.parse(second.Target?.Input ?? '')])
    await expect(get(first.Name)).rejects.toBeInstanceOf(ResourceNotFoundException)
    await expect(get(later.Name)).resolves.toMatchObject({ Name: later.Name })
    expect(endpoint.timers().pending.map((t) => t.name)).toEqual([later.Name])
  })

  it('reads at() in the schedule time zone', async () => {
    const vienna = aSchedule({ at: '2041-12-21T09:00:00', ScheduleExpressionTimezone: 'Europe/Vienna' })
    await client.send(new CreateScheduleCommand(vienna))

    const early = await endpoint.fireDue(new Date('2041-12-21T07:59:59.000Z'))
    const onTime = await endpoint.fireDue(new Date('2041-12-21T08:00:00.000Z'))

    expect(early).toEqual([])
    expect(onTime.map((f) => f.name)).toEqual([vienna.Name])
  })

  it('fires a timer that a target sets, already due, in the same pass', async () => {
    // Arrange: the first target sets a follow-up that is due at once, as a timer handler may.
    const first = aSchedule({ at: '2042-01-01T00:00:00' })
    const followUp = aSchedule({ at: '2042-01-01T00:00:00' })
    behaviour = async (input) => {
      if ((input as { kind?: string }).kind === 'sla-breach' && invoked.length === 1)
        await client.send(
          new CreateScheduleCommand({
            ...followUp,
            Target: { ...followUp.Target, Input: '{"caseId":"c1","kind":"auto-close","dueAt":"x"}' },
          } as CreateScheduleCommandInput),
        )
    }
    await client.send(new CreateScheduleCommand(first))

    // Act
    const fired = await endpoint.fireDue(new Date('2042-01-01T00:00:00.000Z'))

    // Assert
    expect(fired.map((f) => [f.name, f.kind])).toEqual([
      [first.Name, 'sla-breach'],
      [followUp.Name, 'auto-close'],
    ])
  })

  it('retries a failed invocation on the next pass, then dead-letters it after the retry policy', async () => {
    // Arrange
    behaviour = async () => {
      throw new Error('handler down')
    }
    const failing = aSchedule({ at: '2043-01-01T00:00:00' })
    await client.send(new CreateScheduleCommand(failing))
    const at = new Date('2043-01-01T00:00:00.000Z')

    // Act: two retries allowed, so three passes.
    const passes = [await endpoint.fireDue(at), await endpoint.fireDue(at), await endpoint.fireDue(at)]

    // Assert
    expect(passes.map((fired) => fired.map((f) => [f.outcome, f.attempt]))).toEqual([
      [['failed', 1]],
      [['failed', 2]],
      [['dead-lettered', 3]],
    ])
    expect(passes[0]?.[0]?.error).toBe('Error: handler down')
    expect(endpoint.timers().deadLettered[0]).toMatchObject({
      name: failing.Name,
      deadLetterArn,
      attempts: 3,
      error: 'Error: handler down',
      input: JSON.parse(failing.Target?.Input ?? ''),
    })
    await expect(get(failing.Name)).rejects.toBeInstanceOf(ResourceNotFoundException)
    expect(await endpoint.fireDue(at)).toEqual([])
  })

  it('gives up on an event older than the maximum event age, and drops it without a DLQ', async () => {
    behaviour = async () => {
      throw new Error('still down')
    }
    const schedule = aSchedule({ at: '2044-01-01T00:00:00' })
    const withoutDlq = {
      ...schedule,
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 60 },
      },
    }
    await client.send(new CreateScheduleCommand(withoutDlq))

    const first = await endpoint.fireDue(new Date('2044-01-01T00:00:00.000Z'))
    const aMinuteLater = await endpoint.fireDue(new Date('2044-01-01T00:01:00.000Z'))

    expect(first.map((f) => f.outcome)).toEqual(['failed'])
    expect(aMinuteLater.map((f) => f.outcome)).toEqual(['dropped'])
    expect(endpoint.timers().deadLettered.map((t) => t.name)).not.toContain(schedule.Name)
  })

  it('keeps a completed schedule without ActionAfterCompletion DELETE, never runs it twice, and skips disabled ones', async () => {
    const kept = aSchedule({ at: '2045-01-01T00:00:00', ActionAfterCompletion: 'NONE' })
    const disabled = aSchedule({ at: '2045-01-01T00:00:00', State: 'DISABLED' })
    await client.send(new CreateScheduleCommand(kept))
    await client.send(new CreateScheduleCommand(disabled))
    const at = new Date('2045-01-01T00:00:00.000Z')

    const first = await endpoint.fireDue(at)
    const second = await endpoint.fireDue(at)

    expect(first.map((f) => f.name)).toEqual([kept.Name])
    expect(second).toEqual([])
    await expect(get(kept.Name)).resolves.toMatchObject({ Name: kept.Name })
  })

  it('serves the timer adapter: set, set again to move, fire, clear', async () => {
    // Arrange: the adapter as the handlers build it locally, reading a clock of its own.
    const timers = createEventBridgeTimerScheduler({
      region,
      endpoint: endpoint.url,
      groupName: 'caseline-adapter',
      targetArn,
      roleArn,
      deadLetterArn,
      clock: { now: () => new Date('2046-01-01T00:00:00.000Z') },
    })
    const caseId = randomUUID()
    const timer: TimerFired = { caseId, kind: 'pending-closure', dueAt: '2046-01-08T00:00:00.000Z' }
    const moved: TimerFired = { ...timer, dueAt: '2046-01-09T00:00:00.250Z' }
    process.env.AWS_ACCESS_KEY_ID ??= 'local'
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local'

    // Act
    await timers.set(timer)
    await timers.set(moved)
    const stored = await client.send(
      new GetScheduleCommand({ Name: `case-${caseId}-pending-closure`, GroupName: 'caseline-adapter' }),
    )
    const early = await endpoint.fireDue(new Date('2046-01-08T12:00:00.000Z'))
    const due = await endpoint.fireDue(new Date('2046-01-09T00:00:01.000Z'))
    await timers.clear(caseId, 'pending-closure')

    // Assert
    expect(stored).toMatchObject({
      ScheduleExpression: 'at(2046-01-09T00:00:01)',
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: targetArn, RoleArn: roleArn, DeadLetterConfig: { Arn: deadLetterArn } },
    })
    expect(early).toEqual([])
    expect(due.map((f) => [f.caseId, f.kind, f.dueAt, f.outcome])).toEqual([
      [caseId, 'pending-closure', moved.dueAt, 'fired'],
    ])
    expect(invoked).toEqual([moved])
  })
})

describe('the local runtime', () => {
  const api = useLocalApi()

  it('configures every handler for the local Scheduler endpoint and the local clock', () => {
    const config = readConfig()

    expect(config.scheduler).toEqual({
      groupName: 'caseline-local-timers',
      targetArn: expect.stringMatching(/^arn:aws:lambda:us-east-1:\d{12}:function:/),
      roleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//),
      deadLetterArn: expect.stringMatching(/^arn:aws:sqs:us-east-1:\d{12}:/),
      endpoint: api.runtime.schedulerEndpoint,
    })
    expect(config.clock).toBe('local')
  })

  it('reports the scheduler as ready', async () => {
    const health = await api.request<{ services: Record<string, string> }>('GET', '/health')

    expect(health.body.services).toMatchObject({ dynamodb: 'ready', scheduler: 'ready' })
  })

  describe('POST /local/clock', () => {
    it('advances the clock by an ISO 8601 duration and answers the new time', async () => {
      // Arrange
      const before = localClock.now().getTime()

      // Act
      const response = await api.request<{ now: string; fired: unknown[] }>('POST', '/local/clock', {
        body: { advanceBy: 'P7D' },
      })

      // Assert
      expect(response.status).toBe(200)
      const moved = new Date(response.body.now).getTime() - before
      expect(moved).toBeGreaterThanOrEqual(7 * 24 * 3600_000)
      expect(moved).toBeLessThan(7 * 24 * 3600_000 + 5_000)
      expect(response.body.fired).toEqual(expect.any(Array))
      const clock = await api.request<{ now: string }>('GET', '/local/clock')
      expect(new Date(clock.body.now).getTime()).toBeGreaterThanOrEqual(new Date(response.body.now).getTime())
    })

    it('sets the clock to a later time', async () => {
      const target = new Date(localClock.now().getTime() + 30 * 24 * 3600_000)
      target.setUTCHours(12, 0, 0, 0)

      const response = await api.request<{ now: string }>('POST', '/local/clock', {
        body: { set: target.toISOString().replace('.000Z', 'Z') },
      })

      expect(response.status).toBe(200)
      const drift = new Date(response.body.now).getTime() - target.getTime()
      expect(drift).toBeGreaterThanOrEqual(0)
      expect(drift).toBeLessThan(1_000)
    })

    it('fires a timer due exactly one advance later, to the millisecond, and reports it', async () => {
      // Arrange: a timer set as the handlers set it (same adapter, endpoint, group and clock), due
      // exactly one hour from now, milliseconds and all, as "7 days after the proposal" would be.
      const timers = createEventBridgeTimerScheduler({
        ...requireSchedulerSettings(readConfig().scheduler),
        region,
        clock: localClock,
      })
      const caseId = randomUUID()
      const dueAt = new Date(localClock.now().getTime() + 3600_000).toISOString()
      await timers.set({ caseId, kind: 'auto-close', dueAt })
      const pending = await api.request<{ pending: { name: string; dueAt: string }[] }>(
        'GET',
        '/local/timers',
      )

      // Act
      const response = await api.request<{ fired: { name: string; outcome: string }[] }>(
        'POST',
        '/local/clock',
        { body: { advanceBy: 'PT1H' } },
      )

      // Assert: delivered to the timer handler (which finds no such case and leaves it at that).
      expect(pending.body.pending).toContainEqual(
        expect.objectContaining({ name: `case-${caseId}-auto-close`, dueAt }),
      )
      expect(response.body.fired).toContainEqual(
        expect.objectContaining({
          name: `case-${caseId}-auto-close`,
          caseId,
          kind: 'auto-close',
          dueAt,
          outcome: 'fired',
        }),
      )
    })

    it.each([
      ['no field', {}],
      ['both fields', { advanceBy: 'P1D', set: '2099-01-01T00:00:00Z' }],
      ['an unknown field', { advanceBy: 'P1D', by: 'P1D' }],
      ['a duration that is not ISO 8601', { advanceBy: '7 days' }],
      ['a negative duration', { advanceBy: '-P1D' }],
      ['a time that is not ISO 8601', { set: 'next friday' }],
      ['a time without offset', { set: '2099-01-01T00:00:00' }],
    ])('answers 400 with a problem document to %s', async (_, body) => {
      const response = await api.request<{ status: number; errors: { pointer: string }[] }>(
        'POST',
        '/local/clock',
        { body },
      )

      expect(response.status).toBe(400)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      expect(response.body).toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ pointer: expect.any(String) })],
      })
    })

    it('answers 400 to a body that is not JSON', async () => {
      const response = await api.request('POST', '/local/clock', {
        rawBody: '{advanceBy',
        headers: { 'content-type': 'application/json' },
      })

      expect(response.status).toBe(400)
    })

    it('refuses to turn the clock back', async () => {
      const response = await api.request<{ detail: string }>('POST', '/local/clock', {
        body: { set: '2020-01-01T00:00:00Z' },
      })

      expect(response.status).toBe(409)
      expect(response.body.detail).toMatch(/never goes backwards/)
    })
  })
})
