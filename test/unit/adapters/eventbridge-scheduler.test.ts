import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import {
  atExpression,
  createEventBridgeTimerScheduler,
  deliveryTime,
  type EventBridgeTimerSchedulerOptions,
  TimerNameError,
  timerRetryPolicy,
  timerScheduleName,
} from '#src/adapters/aws/eventbridge-scheduler.ts'
import type { TimerFired } from '#src/use-cases/ports/timers.ts'

const scheduler = mockClient(SchedulerClient)

// Unit tests share one module graph: give the real client back to the files that run later (the
// local Scheduler endpoint's tests send to a real SchedulerClient).
afterAll(() => {
  scheduler.restore()
})

const caseId = '0b6f3c1e-2d4a-4f5b-9c8d-7e6f5a4b3c2d'
const now = new Date('2026-12-18T12:00:10.000Z')
const options: EventBridgeTimerSchedulerOptions = {
  region: 'eu-central-1',
  endpoint: undefined,
  groupName: 'caseline-dev-timers',
  targetArn: 'arn:aws:lambda:eu-central-1:123456789012:function:Caseline-dev-Stateless-fire-timer',
  roleArn: 'arn:aws:iam::123456789012:role/Caseline-dev-Stateless-TimersInvokeRole',
  deadLetterArn: 'arn:aws:sqs:eu-central-1:123456789012:Caseline-dev-Stateless-TimersDeadLetters',
  clock: { now: () => new Date(now) },
}
const breach: TimerFired = { caseId, kind: 'sla-breach', dueAt: '2026-12-21T08:00:00.000Z' }

/** Scheduler's errors as the SDK throws them. */
const serviceError = {
  conflict: () =>
    new ConflictException({ message: 'Schedule already exists.', Message: 'exists', $metadata: {} }),
  notFound: () =>
    new ResourceNotFoundException({ message: 'Schedule does not exist.', Message: 'missing', $metadata: {} }),
  validation: () =>
    new ValidationException({ message: 'Invalid request.', Message: 'invalid', $metadata: {} }),
}

beforeEach(() => {
  scheduler.reset()
})

describe('timerScheduleName', () => {
  it('names the schedule after the case and the kind, within 64 characters', () => {
    const names = (['sla-warning', 'sla-breach', 'pending-closure', 'auto-close'] as const).map((kind) =>
      timerScheduleName(caseId, kind),
    )

    expect(names[0]).toBe(`case-${caseId}-sla-warning`)
    expect(timerScheduleName(caseId, 'sla-warning')).toBe(names[0])
    for (const name of names) expect(name.length).toBeLessThanOrEqual(64)
  })

  it.each([
    ['a character Scheduler refuses', 'case/1'],
    ['a name over 64 characters', 'x'.repeat(50)],
  ])('refuses a case id that gives %s', (_, badId) => {
    expect(() => timerScheduleName(badId, 'auto-close')).toThrow(TimerNameError)
  })
})

describe('deliveryTime', () => {
  it('keeps a due time on a whole minute and rounds any other up to the next minute in AWS', () => {
    expect(deliveryTime(new Date('2026-12-21T08:00:00.000Z'), now, 'minute')).toEqual(
      new Date('2026-12-21T08:00:00.000Z'),
    )
    expect(deliveryTime(new Date('2026-12-21T08:00:00.001Z'), now, 'minute')).toEqual(
      new Date('2026-12-21T08:01:00.000Z'),
    )
  })

  it('delivers a timer that is already due, or due within a minute, a full minute from now in AWS', () => {
    const expected = new Date('2026-12-18T12:02:00.000Z')

    expect(deliveryTime(new Date('2026-12-01T00:00:00.000Z'), now, 'minute')).toEqual(expected)
    expect(deliveryTime(new Date('2026-12-18T12:00:50.000Z'), now, 'minute')).toEqual(expected)
    expect(deliveryTime(new Date('2026-12-18T12:01:10.000Z'), now, 'minute')).toEqual(expected)
    expect(deliveryTime(new Date('2026-12-18T12:02:00.001Z'), now, 'minute')).toEqual(
      new Date('2026-12-18T12:03:00.000Z'),
    )
  })

  it('rounds up to the second only, even into the past, for the local endpoint', () => {
    expect(deliveryTime(new Date('2026-12-21T08:00:00.250Z'), now, 'second')).toEqual(
      new Date('2026-12-21T08:00:01.000Z'),
    )
    expect(deliveryTime(new Date('2026-12-01T00:00:00.000Z'), now, 'second')).toEqual(
      new Date('2026-12-01T00:00:00.000Z'),
    )
  })
})

describe('atExpression', () => {
  it('writes the UTC time to the second', () => {
    expect(atExpression(new Date('2026-12-21T08:05:09.000Z'))).toBe('at(2026-12-21T08:05:09)')
  })
})

describe('set', () => {
  const expectedSchedule = {
    Name: `case-${caseId}-sla-breach`,
    GroupName: 'caseline-dev-timers',
    Description: `Caseline sla-breach timer of case ${caseId}, due 2026-12-21T08:00:00.000Z`,
    ScheduleExpression: 'at(2026-12-21T08:00:00)',
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: 'ENABLED',
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: options.targetArn,
      RoleArn: options.roleArn,
      Input: JSON.stringify({ caseId, kind: 'sla-breach', dueAt: '2026-12-21T08:00:00.000Z' }),
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21_600 },
      DeadLetterConfig: { Arn: options.deadLetterArn },
    },
  }

  it('creates a one-time schedule with every field the contract names', async () => {
    // Arrange
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' })
    const timers = createEventBridgeTimerScheduler(options)

    // Act
    await timers.set(breach)

    // Assert
    expect(scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input)).toEqual([
      expectedSchedule,
    ])
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0)
    expect(timerRetryPolicy).toEqual(expectedSchedule.Target.RetryPolicy)
  })

  it('passes the timer verbatim as the input, without any other property', async () => {
    scheduler.on(CreateScheduleCommand).resolves({})
    const timers = createEventBridgeTimerScheduler(options)

    await timers.set({ ...breach, extra: 'not for the handler' } as TimerFired)

    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.Target?.Input
    expect(JSON.parse(input ?? '')).toEqual(breach)
  })

  it('moves an existing schedule with an update of the same shape', async () => {
    // Arrange
    scheduler.on(CreateScheduleCommand).rejects(serviceError.conflict())
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' })
    const timers = createEventBridgeTimerScheduler(options)

    // Act
    await timers.set(breach)

    // Assert
    expect(scheduler.commandCalls(UpdateScheduleCommand).map((call) => call.args[0].input)).toEqual([
      expectedSchedule,
    ])
  })

  it('creates the schedule again when it fired and vanished between the conflict and the update', async () => {
    // Arrange
    scheduler
      .on(CreateScheduleCommand)
      .rejectsOnce(serviceError.conflict())
      .resolves({ ScheduleArn: 'arn:schedule' })
    scheduler.on(UpdateScheduleCommand).rejects(serviceError.notFound())
    const timers = createEventBridgeTimerScheduler(options)

    // Act
    await timers.set(breach)

    // Assert
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(2)
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(1)
  })

  it('gives up after a second vanished update instead of looping', async () => {
    scheduler.on(CreateScheduleCommand).rejects(serviceError.conflict())
    scheduler.on(UpdateScheduleCommand).rejects(serviceError.notFound())
    const timers = createEventBridgeTimerScheduler(options)

    await expect(timers.set(breach)).rejects.toBeInstanceOf(ResourceNotFoundException)
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(2)
  })

  it('lets any other error through without updating', async () => {
    scheduler.on(CreateScheduleCommand).rejects(serviceError.validation())
    const timers = createEventBridgeTimerScheduler(options)

    await expect(timers.set(breach)).rejects.toBeInstanceOf(ValidationException)
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0)
  })

  it('schedules a timer that is already due a minute ahead, keeping its due time in the input', async () => {
    // Arrange
    scheduler.on(CreateScheduleCommand).resolves({})
    const timers = createEventBridgeTimerScheduler(options)
    const overdue: TimerFired = { caseId, kind: 'auto-close', dueAt: '2026-12-18T11:00:00.000Z' }

    // Act
    await timers.set(overdue)

    // Assert
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input
    expect(input?.ScheduleExpression).toBe('at(2026-12-18T12:02:00)')
    expect(JSON.parse(input?.Target?.Input ?? '')).toEqual(overdue)
  })

  it('schedules to the second, past times included, against the local endpoint', async () => {
    // Arrange
    scheduler.on(CreateScheduleCommand).resolves({})
    const timers = createEventBridgeTimerScheduler({ ...options, endpoint: 'http://127.0.0.1:4567' })

    // Act
    await timers.set({ caseId, kind: 'sla-warning', dueAt: '2026-12-18T12:00:00.200Z' })

    // Assert
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input
    expect(input?.ScheduleExpression).toBe('at(2026-12-18T12:00:01)')
  })

  it('talks to the configured region, and to the local endpoint only when one is set', async () => {
    // Arrange
    scheduler.on(CreateScheduleCommand).resolves({})

    // Act
    await createEventBridgeTimerScheduler(options).set(breach)
    await createEventBridgeTimerScheduler({ ...options, endpoint: 'http://127.0.0.1:4567' }).set(breach)

    // Assert
    const [aws, local] = scheduler.commandCalls(CreateScheduleCommand).map((call) => call.thisValue)
    expect(await (aws as SchedulerClient).config.region()).toBe('eu-central-1')
    expect((aws as SchedulerClient).config.endpoint).toBeUndefined()
    const endpoint = await (local as SchedulerClient).config.endpoint?.()
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:4567')
  })

  it('refuses a due time that is not a time, before calling Scheduler', async () => {
    const timers = createEventBridgeTimerScheduler(options)

    await expect(timers.set({ ...breach, dueAt: 'soon' })).rejects.toThrow(/dueAt "soon"/)
    expect(scheduler.calls()).toHaveLength(0)
  })
})

describe('clear', () => {
  it('deletes the schedule of the case and kind in the group', async () => {
    // Arrange
    scheduler.on(DeleteScheduleCommand).resolves({})
    const timers = createEventBridgeTimerScheduler(options)

    // Act
    await timers.clear(caseId, 'pending-closure')

    // Assert
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((call) => call.args[0].input)).toEqual([
      { Name: `case-${caseId}-pending-closure`, GroupName: 'caseline-dev-timers' },
    ])
  })

  it('is harmless when the schedule no longer exists', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(serviceError.notFound())
    const timers = createEventBridgeTimerScheduler(options)

    await expect(timers.clear(caseId, 'auto-close')).resolves.toBeUndefined()
  })

  it('lets any other error through', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(serviceError.validation())
    const timers = createEventBridgeTimerScheduler(options)

    await expect(timers.clear(caseId, 'auto-close')).rejects.toBeInstanceOf(ValidationException)
  })
})
