import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createScheduleStore, type StoredSchedule } from './schedule-store.ts'
import { schedulerApi } from './scheduler-api.ts'

/**
 * EventBridge Scheduler on a laptop: an HTTP endpoint that speaks the part of the Scheduler REST-JSON
 * API Caseline uses (create, update, get, delete and list schedules; local/scheduler-api.ts), so the
 * real `@aws-sdk/client-scheduler` in the handlers talks to it exactly as it talks to AWS. It keeps
 * the schedules in memory (local/schedule-store.ts) and runs one-time `at()` schedules when
 * `fireDue(now)` is called with a time at or after theirs: the local server calls it every second
 * and on `POST /local/clock`.
 *
 * Firing follows Scheduler: the target gets the schedule's Input (the local server routes a
 * schedule whose target is the webhook queue to the local SQS endpoint, local/services.ts); a
 * schedule that completed is deleted (`ActionAfterCompletion: DELETE`) or kept but never run again
 * (`NONE`); a failed invocation is retried on the next pass until the target's RetryPolicy is
 * exhausted, then the event goes to the dead-letter list (if the schedule names a DLQ) and the
 * schedule is done.
 *
 * Deliberate differences: schedule groups need not be created first, only `at()` expressions are
 * accepted (no rate or cron), a flexible window is accepted but fires at the start, timing is to the
 * second, and an `at()` in the past runs on the next pass (the adapter never sends one to AWS, where
 * a one-time schedule is only relied on to run if its time lies ahead).
 */

/**
 * What the local server does with a due schedule: Lambda's invoke, with the schedule's Input as the
 * event, or (a queue target) SQS's SendMessage with the Input as it was written (`target.input`).
 */
export type InvokeTarget = (
  input: unknown,
  target: { arn: string; scheduleName: string; input: string | undefined },
) => Promise<unknown>

export interface SchedulerEndpointOptions {
  invoke: InvokeTarget
  /**
   * Awaited after each delivery, before the next due schedule is looked for: the local runtime waits
   * there for the table stream, whose handler sets the timers the fired change calls for, so a chain
   * (pending closure → auto-close) fires within one clock move as it would while time passes.
   */
  afterDelivery?: () => Promise<void>
  /** For the ARNs the endpoint answers. @default us-east-1 */
  region?: string
  /** @default 000000000000, as in the local Lambda events */
  accountId?: string
}

/** One attempt to deliver a due schedule, as `fireDue` reports it. */
export interface FiredTimer {
  name: string
  groupName: string
  /** From the schedule's Input, when it is a timer (`TimerFired`). */
  caseId: string | undefined
  kind: string | undefined
  dueAt: string | undefined
  /** The schedule's `at()` time, ISO 8601 UTC. */
  scheduledAt: string
  /** `failed`: will be retried on the next pass; `dead-lettered`/`dropped`: retries exhausted, with or without a DLQ. */
  outcome: 'fired' | 'failed' | 'dead-lettered' | 'dropped'
  attempt: number
  error?: string
}

export interface PendingTimer {
  name: string
  groupName: string
  scheduledAt: string
  state: 'ENABLED' | 'DISABLED'
  caseId: string | undefined
  kind: string | undefined
  dueAt: string | undefined
  attempts: number
  lastError: string | undefined
}

export interface DeadLetteredTimer {
  name: string
  groupName: string
  scheduledAt: string
  caseId: string | undefined
  kind: string | undefined
  dueAt: string | undefined
  deadLetterArn: string
  attempts: number
  error: string
  deadLetteredAt: string
  input: unknown
}

export interface LocalSchedulerEndpoint {
  /** Base URL for `SchedulerClient({ endpoint })`. */
  url: string
  /**
   * Runs every enabled schedule whose time is at or before `now`, oldest first, and again until
   * none is due (a target may set new timers that are due already). Calls never overlap.
   */
  fireDue(now: Date): Promise<FiredTimer[]>
  /** Schedules not yet completed, soonest first, and the dead-lettered events, newest first. */
  timers(): { pending: PendingTimer[]; deadLettered: DeadLetteredTimer[] }
  /** Stops listening, after any firing in progress has finished. */
  stop(): Promise<void>
}

const defaultRetryAttempts = 185
const defaultMaximumEventAgeSeconds = 86_400
/** A target that keeps setting due timers for itself must not hang `POST /local/clock`. */
const maxFiringsPerPass = 1000

/** The timer fields of a schedule's Input, if it carries a `TimerFired`. */
function timerFields(input: unknown): { caseId?: string; kind?: string; dueAt?: string } {
  if (typeof input !== 'object' || input === null) return {}
  const { caseId, kind, dueAt } = input as Record<string, unknown>
  return {
    ...(typeof caseId === 'string' && { caseId }),
    ...(typeof kind === 'string' && { kind }),
    ...(typeof dueAt === 'string' && { dueAt }),
  }
}

/** The event the target receives: the Input as JSON, as Lambda gets it from Scheduler. */
function eventOf(schedule: StoredSchedule): unknown {
  const input = schedule.definition.Target.Input
  if (input === undefined) return {}
  try {
    return JSON.parse(input)
  } catch {
    return input
  }
}

export async function startSchedulerEndpoint(
  options: SchedulerEndpointOptions,
): Promise<LocalSchedulerEndpoint> {
  const schedules = createScheduleStore({
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
  })
  const deadLettered: DeadLetteredTimer[] = []

  const server: Server = createServer(schedulerApi(schedules))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // Port 0: the system picks a free port and hands it to us, with no window for anyone else to take it.
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  async function attempt(schedule: StoredSchedule, now: Date): Promise<FiredTimer> {
    const input = eventOf(schedule)
    const report = {
      name: schedule.name,
      groupName: schedule.groupName,
      caseId: undefined,
      kind: undefined,
      dueAt: undefined,
      ...timerFields(input),
      scheduledAt: schedule.at.toISOString(),
    }
    const target = schedule.definition.Target
    schedule.attempts += 1
    schedule.firstAttemptAt ??= now
    const complete = () => schedules.complete(schedule)
    try {
      await options.invoke(input, { arn: target.Arn, scheduleName: schedule.name, input: target.Input })
      complete()
      return { ...report, outcome: 'fired', attempt: schedule.attempts }
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      schedule.lastError = message
      const retries = target.RetryPolicy?.MaximumRetryAttempts ?? defaultRetryAttempts
      const maxAgeMs = (target.RetryPolicy?.MaximumEventAgeInSeconds ?? defaultMaximumEventAgeSeconds) * 1000
      const exhausted =
        schedule.attempts > retries || now.getTime() - schedule.firstAttemptAt.getTime() >= maxAgeMs
      if (!exhausted) return { ...report, outcome: 'failed', attempt: schedule.attempts, error: message }
      complete()
      const deadLetterArn = target.DeadLetterConfig?.Arn
      if (!deadLetterArn) return { ...report, outcome: 'dropped', attempt: schedule.attempts, error: message }
      deadLettered.unshift({
        ...report,
        deadLetterArn,
        attempts: schedule.attempts,
        error: message,
        deadLetteredAt: now.toISOString(),
        input,
      })
      return { ...report, outcome: 'dead-lettered', attempt: schedule.attempts, error: message }
    }
  }

  async function fireDueNow(now: Date): Promise<FiredTimer[]> {
    const results: FiredTimer[] = []
    // Each version of a schedule is tried once per pass; a failure waits for the next pass.
    const tried = new Set<StoredSchedule>()
    while (results.length < maxFiringsPerPass) {
      const due = schedules
        .all()
        .filter((s) => !tried.has(s) && !s.completed && (s.definition.State ?? 'ENABLED') === 'ENABLED')
        .filter((s) => s.at.getTime() <= now.getTime())
        .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name))
      if (due.length === 0) break
      for (const schedule of due) {
        // An earlier target in this pass may have deleted or replaced it.
        if (!schedules.isCurrent(schedule)) continue
        tried.add(schedule)
        results.push(await attempt(schedule, now))
        await options.afterDelivery?.()
      }
    }
    return results
  }

  let firing: Promise<unknown> = Promise.resolve()

  return {
    url,
    fireDue(now) {
      const run = firing.then(() => fireDueNow(now))
      firing = run.catch(() => undefined)
      return run
    },
    timers() {
      const pending = schedules
        .all()
        .filter((s) => !s.completed)
        .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name))
        .map(
          (s): PendingTimer => ({
            name: s.name,
            groupName: s.groupName,
            scheduledAt: s.at.toISOString(),
            state: s.definition.State ?? 'ENABLED',
            caseId: undefined,
            kind: undefined,
            dueAt: undefined,
            ...timerFields(eventOf(s)),
            attempts: s.attempts,
            lastError: s.lastError,
          }),
        )
      return { pending, deadLettered: [...deadLettered] }
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await firing
    },
  }
}
