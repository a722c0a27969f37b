import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler'
import type { TimerKind } from '#src/domain/timers.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { TimerFired, TimerScheduler } from '#src/use-cases/ports/timers.ts'

export interface EventBridgeTimerSchedulerOptions {
  region: string
  /** Only locally: the endpoint that speaks the Scheduler API. */
  endpoint: string | undefined
  groupName: string
  targetArn: string
  roleArn: string
  deadLetterArn: string
  clock: Clock
}

/**
 * How Scheduler retries a delivery that fails (throttling, an unavailable or misconfigured target)
 * before it puts the event into the dead-letter queue. Ten attempts (instead of Scheduler's 185)
 * bring a failure that retrying cannot fix (a broken role, say) to the DLQ and its alarm soon; six
 * hours (instead of 24) ride out a short outage of the target without an operator. A late delivery
 * is harmless: the timer handler re-reads the case and acts only if the timer is still due.
 */
export const timerRetryPolicy = {
  MaximumRetryAttempts: 10,
  MaximumEventAgeInSeconds: 6 * 60 * 60,
} as const

/** Scheduler's rules for a schedule name (and a group name). */
const scheduleNamePattern = /^[0-9a-zA-Z._-]{1,64}$/

const secondMs = 1000
const minuteMs = 60 * secondMs

/** A timer that cannot become a schedule: its name would break Scheduler's naming rules. */
export class TimerNameError extends Error {
  constructor(readonly timerName: string) {
    super(`Timer name "${timerName}" is not a valid schedule name (1-64 letters, digits, ".", "_" or "-")`)
    this.name = 'TimerNameError'
  }
}

/**
 * The schedule's name, deterministic per case and kind (`case-<caseId>-<kind>`), so that setting a
 * timer again finds the one schedule to move and clearing it needs nothing but the case and kind.
 * A UUID case id gives at most 57 characters of the 64 allowed.
 */
export function timerScheduleName(caseId: string, kind: TimerKind): string {
  const name = `case-${caseId}-${kind}`
  if (!scheduleNamePattern.test(name)) throw new TimerNameError(name)
  return name
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, the one-time schedule expression. */
export function atExpression(time: Date): string {
  return `at(${time.toISOString().slice(0, 19)})`
}

function roundUp(time: number, stepMs: number): number {
  return Math.ceil(time / stepMs) * stepMs
}

/**
 * When Scheduler should deliver a timer due at `dueAt`, never before it.
 *
 * - In AWS (`minute`), Scheduler invokes with 60-second precision, anywhere within the minute it
 *   schedules for, so the time is rounded up to the next whole minute: an early delivery would find
 *   the timer not yet due and do nothing. A one-time schedule is only relied on to run if its time
 *   lies ahead, so a timer that is already due (or due within the next minute) is delivered at the
 *   first whole minute at least one minute from now. Late is harmless: the handler acts on the case
 *   as it is when the timer arrives.
 * - The local endpoint (`second`) fires to the second, runs schedules already in the past on its
 *   next pass, and `POST /local/clock` relies on that: there the time is only rounded up to the
 *   second, the resolution of `at()`.
 */
export function deliveryTime(dueAt: Date, now: Date, precision: 'minute' | 'second'): Date {
  if (precision === 'second') return new Date(roundUp(dueAt.getTime(), secondMs))
  const earliest = roundUp(now.getTime() + minuteMs, minuteMs)
  return new Date(Math.max(roundUp(dueAt.getTime(), minuteMs), earliest))
}

/**
 * Timers as EventBridge Scheduler one-time schedules (docs/architecture.md, timers are hints): one per case and kind, in the
 * stage's schedule group, deleted by Scheduler after it has delivered (`ActionAfterCompletion`),
 * retried by an explicit policy, then dead-lettered. The schedule's input is the `TimerFired` the
 * timer handler receives.
 *
 * The adapter owns one client, built with it: the runtime (`timerScheduler()`) builds the adapter
 * once per cold start, so every invocation of a warm function reuses the client and its connections.
 */
export function createEventBridgeTimerScheduler(options: EventBridgeTimerSchedulerOptions): TimerScheduler {
  const client = new SchedulerClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 3,
  })
  // Only the local endpoint is ever configured explicitly (see config), and it fires to the second.
  const precision = options.endpoint ? 'second' : 'minute'

  function scheduleFor(timer: TimerFired): CreateScheduleCommandInput {
    const dueAt = new Date(timer.dueAt)
    if (Number.isNaN(dueAt.getTime()))
      throw new RangeError(
        `Timer ${timer.kind} of case ${timer.caseId}: dueAt "${timer.dueAt}" is not a time`,
      )
    const input: TimerFired = { caseId: timer.caseId, kind: timer.kind, dueAt: timer.dueAt }
    return {
      Name: timerScheduleName(timer.caseId, timer.kind),
      GroupName: options.groupName,
      Description: `Caseline ${timer.kind} timer of case ${timer.caseId}, due ${timer.dueAt}`,
      ScheduleExpression: atExpression(deliveryTime(dueAt, options.clock.now(), precision)),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: options.targetArn,
        RoleArn: options.roleArn,
        Input: JSON.stringify(input),
        RetryPolicy: { ...timerRetryPolicy },
        DeadLetterConfig: { Arn: options.deadLetterArn },
      },
    }
  }

  return {
    async set(timer) {
      const schedule = scheduleFor(timer)
      // Create, or move the existing one. Between a conflict and the update the old schedule may
      // fire and delete itself; then creating it again is right, so that race is retried once.
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(new CreateScheduleCommand(schedule))
          return
        } catch (error) {
          if (!(error instanceof ConflictException)) throw error
        }
        try {
          await client.send(new UpdateScheduleCommand(schedule))
          return
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException) || attempt >= 2) throw error
        }
      }
    },

    async clear(caseId, kind) {
      try {
        await client.send(
          new DeleteScheduleCommand({ Name: timerScheduleName(caseId, kind), GroupName: options.groupName }),
        )
      } catch (error) {
        // Already fired (and deleted by Scheduler), cleared before, or never set: all fine.
        if (!(error instanceof ResourceNotFoundException)) throw error
      }
    },
  }
}
