import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DateTime } from 'luxon'
import * as z from 'zod'

/**
 * EventBridge Scheduler on a laptop: an HTTP endpoint that speaks the part of the Scheduler REST-JSON
 * API Caseline uses (create, update, get, delete and list schedules), so the real
 * `@aws-sdk/client-scheduler` in the handlers talks to it exactly as it talks to AWS. It keeps the
 * schedules in memory and runs one-time `at()` schedules when `fireDue(now)` is called with a time
 * at or after theirs: the local server calls it every second and on `POST /local/clock`.
 *
 * Firing follows Scheduler: the target gets the schedule's Input; a schedule that completed is
 * deleted (`ActionAfterCompletion: DELETE`) or kept but never run again (`NONE`); a failed
 * invocation is retried on the next pass until the target's RetryPolicy is exhausted, then the event
 * goes to the dead-letter list (if the schedule names a DLQ) and the schedule is done.
 *
 * Deliberate differences: schedule groups need not be created first, only `at()` expressions are
 * accepted (no rate or cron), a flexible window is accepted but fires at the start, timing is to the
 * second, and an `at()` in the past runs on the next pass (the adapter never sends one to AWS, where
 * a one-time schedule is only relied on to run if its time lies ahead).
 */

/** What the local server does with a due schedule: Lambda's invoke, with the schedule's Input as the event. */
export type InvokeTarget = (input: unknown, target: { arn: string; scheduleName: string }) => Promise<unknown>

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
const maxBodyBytes = 1024 * 1024

const Name = z.string().regex(/^[0-9a-zA-Z._-]{1,64}$/)
const Arn = z.string().min(1).max(1600)

const Target = z.looseObject({
  Arn,
  RoleArn: Arn,
  Input: z.string().min(1).max(8192).optional(),
  RetryPolicy: z
    .object({
      MaximumRetryAttempts: z.number().int().min(0).max(185).optional(),
      MaximumEventAgeInSeconds: z.number().int().min(60).max(86_400).optional(),
    })
    .optional(),
  DeadLetterConfig: z.object({ Arn: Arn.optional() }).optional(),
})

/** The body of CreateSchedule and UpdateSchedule (an update replaces the whole definition, as in AWS). */
const ScheduleDefinition = z.object({
  ScheduleExpression: z.string().min(1).max(256),
  ScheduleExpressionTimezone: z.string().min(1).max(50).optional(),
  FlexibleTimeWindow: z.object({
    Mode: z.enum(['OFF', 'FLEXIBLE']),
    MaximumWindowInMinutes: z.number().int().min(1).max(1440).optional(),
  }),
  Target,
  GroupName: Name.optional(),
  StartDate: z.number().optional(),
  EndDate: z.number().optional(),
  Description: z.string().max(512).optional(),
  State: z.enum(['ENABLED', 'DISABLED']).optional(),
  KmsKeyArn: z.string().max(2048).optional(),
  ClientToken: z.string().max(64).optional(),
  ActionAfterCompletion: z.enum(['NONE', 'DELETE']).optional(),
})
type ScheduleDefinition = z.infer<typeof ScheduleDefinition>

interface StoredSchedule {
  name: string
  groupName: string
  arn: string
  definition: ScheduleDefinition
  at: Date
  creationDate: Date
  lastModificationDate: Date
  attempts: number
  firstAttemptAt: Date | undefined
  lastError: string | undefined
  /** Ran (with `ActionAfterCompletion: NONE`): kept for GetSchedule, never run again. */
  completed: boolean
}

/** An error the SDK turns into the modelled exception class, by name and status. */
class SchedulerApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message)
    this.name = 'SchedulerApiError'
  }
}

const conflict = (message: string) => new SchedulerApiError(409, 'ConflictException', message)
const notFound = (message: string) => new SchedulerApiError(404, 'ResourceNotFoundException', message)
const invalid = (message: string) => new SchedulerApiError(400, 'ValidationException', message)

/** `at(yyyy-mm-ddThh:mm:ss)` in the schedule's time zone (UTC by default) as an instant. */
function parseAt(expression: string, timezone: string | undefined): Date {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression)
  if (!match) {
    throw invalid(
      /^(rate|cron)\(/.test(expression)
        ? `The local Scheduler endpoint runs one-time at() schedules only, not ${expression}.`
        : `Invalid Schedule Expression ${expression}.`,
    )
  }
  const zone = timezone ?? 'UTC'
  const time = DateTime.fromISO(match[1] as string, { zone })
  if (!time.isValid) {
    throw invalid(
      time.invalidReason === 'unsupported zone'
        ? `Invalid ScheduleExpressionTimezone ${zone}.`
        : `Invalid Schedule Expression ${expression}.`,
    )
  }
  return time.toJSDate()
}

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

const epochSeconds = (date: Date) => date.getTime() / 1000

export async function startSchedulerEndpoint(
  options: SchedulerEndpointOptions,
): Promise<LocalSchedulerEndpoint> {
  const region = options.region ?? 'us-east-1'
  const accountId = options.accountId ?? '000000000000'
  const schedules = new Map<string, StoredSchedule>()
  const deadLettered: DeadLetteredTimer[] = []
  const keyOf = (groupName: string, name: string) => `${groupName}/${name}`

  function find(groupName: string, name: string): StoredSchedule {
    const schedule = schedules.get(keyOf(groupName, name))
    if (!schedule) throw notFound(`Schedule ${name} does not exist.`)
    return schedule
  }

  function parseDefinition(body: unknown): { definition: ScheduleDefinition; at: Date } {
    const parsed = ScheduleDefinition.safeParse(body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalid(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
    }
    const definition = parsed.data
    return { definition, at: parseAt(definition.ScheduleExpression, definition.ScheduleExpressionTimezone) }
  }

  function store(name: string, body: unknown, mustExist: boolean): StoredSchedule {
    const { definition, at } = parseDefinition(body)
    const groupName = definition.GroupName ?? 'default'
    const existing = schedules.get(keyOf(groupName, name))
    if (mustExist && !existing) throw notFound(`Schedule ${name} does not exist.`)
    if (!mustExist && existing) throw conflict(`Schedule ${name} already exists.`)
    const now = new Date()
    const stored: StoredSchedule = {
      name,
      groupName,
      arn: `arn:aws:scheduler:${region}:${accountId}:schedule/${groupName}/${name}`,
      definition,
      at,
      creationDate: existing?.creationDate ?? now,
      lastModificationDate: now,
      attempts: 0,
      firstAttemptAt: undefined,
      lastError: undefined,
      completed: false,
    }
    // A new object, never a mutation: a firing in progress holds the old one and will not delete this.
    schedules.set(keyOf(groupName, name), stored)
    return stored
  }

  function scheduleOutput(schedule: StoredSchedule) {
    const d = schedule.definition
    return {
      Arn: schedule.arn,
      GroupName: schedule.groupName,
      Name: schedule.name,
      ScheduleExpression: d.ScheduleExpression,
      ScheduleExpressionTimezone: d.ScheduleExpressionTimezone,
      Description: d.Description,
      StartDate: d.StartDate,
      EndDate: d.EndDate,
      State: d.State ?? 'ENABLED',
      KmsKeyArn: d.KmsKeyArn,
      ActionAfterCompletion: d.ActionAfterCompletion ?? 'NONE',
      FlexibleTimeWindow: d.FlexibleTimeWindow,
      Target: d.Target,
      CreationDate: epochSeconds(schedule.creationDate),
      LastModificationDate: epochSeconds(schedule.lastModificationDate),
    }
  }

  function list(query: URLSearchParams) {
    const group = query.get('ScheduleGroup')
    const prefix = query.get('NamePrefix') ?? ''
    const state = query.get('State')
    const maxResults = Number(query.get('MaxResults') ?? 100)
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100)
      throw invalid('MaxResults must be between 1 and 100.')
    const offset = query.get('NextToken') ? Number(Buffer.from(query.get('NextToken') ?? '', 'base64url')) : 0
    if (!Number.isInteger(offset) || offset < 0) throw invalid('Invalid NextToken.')
    const matching = [...schedules.values()]
      .filter((s) => (group === null || s.groupName === group) && s.name.startsWith(prefix))
      .filter((s) => state === null || (s.definition.State ?? 'ENABLED') === state)
      .sort((a, b) => keyOf(a.groupName, a.name).localeCompare(keyOf(b.groupName, b.name)))
    const page = matching.slice(offset, offset + maxResults)
    const next = offset + page.length
    return {
      Schedules: page.map((s) => ({
        Arn: s.arn,
        Name: s.name,
        GroupName: s.groupName,
        State: s.definition.State ?? 'ENABLED',
        CreationDate: epochSeconds(s.creationDate),
        LastModificationDate: epochSeconds(s.lastModificationDate),
        Target: { Arn: s.definition.Target.Arn },
      })),
      ...(next < matching.length && { NextToken: Buffer.from(String(next)).toString('base64url') }),
    }
  }

  async function route(method: string, url: URL, body: unknown): Promise<unknown> {
    const path = url.pathname
    if (path === '/schedules' && method === 'GET') return list(url.searchParams)
    const match = /^\/schedules\/([^/]+)$/.exec(path)
    if (!match)
      throw new SchedulerApiError(404, 'UnknownOperationException', `No operation at ${method} ${path}.`)
    const name = (() => {
      try {
        return decodeURIComponent(match[1] as string)
      } catch {
        return match[1] as string
      }
    })()
    if (!Name.safeParse(name).success) throw invalid(`Invalid schedule name ${name}.`)
    const groupName = url.searchParams.get('groupName') ?? 'default'
    switch (method) {
      case 'POST':
        return { ScheduleArn: store(name, body, false).arn }
      case 'PUT':
        return { ScheduleArn: store(name, body, true).arn }
      case 'GET':
        return scheduleOutput(find(groupName, name))
      case 'DELETE':
        find(groupName, name)
        schedules.delete(keyOf(groupName, name))
        return {}
      default:
        throw new SchedulerApiError(404, 'UnknownOperationException', `No operation at ${method} ${path}.`)
    }
  }

  async function readJson(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of request) {
      size += (chunk as Buffer).length
      if (size > maxBodyBytes) throw invalid('Request body too large.')
      chunks.push(chunk as Buffer)
    }
    const text = Buffer.concat(chunks).toString('utf8')
    if (!text) return undefined
    try {
      return JSON.parse(text)
    } catch {
      throw new SchedulerApiError(400, 'SerializationException', 'The request body is not valid JSON.')
    }
  }

  function respond(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
    const payload = Buffer.from(JSON.stringify(body))
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(payload.length),
      'x-amzn-requestid': randomUUID(),
      ...(errorType && { 'x-amzn-errortype': errorType }),
    })
    response.end(payload)
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    readJson(request)
      .then((body) => route(request.method ?? 'GET', url, body))
      .then((result) => respond(response, 200, result))
      .catch((error: unknown) => {
        if (error instanceof SchedulerApiError)
          respond(response, error.status, { __type: error.type, Message: error.message }, error.type)
        else respond(response, 500, { Message: String(error) }, 'InternalServerException')
      })
  })
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
    const complete = () => {
      // Only this version of the schedule: one the target replaced meanwhile stays.
      const key = keyOf(schedule.groupName, schedule.name)
      if ((schedule.definition.ActionAfterCompletion ?? 'NONE') === 'DELETE') {
        if (schedules.get(key) === schedule) schedules.delete(key)
      } else schedule.completed = true
    }
    try {
      await options.invoke(input, { arn: target.Arn, scheduleName: schedule.name })
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
      const due = [...schedules.values()]
        .filter((s) => !tried.has(s) && !s.completed && (s.definition.State ?? 'ENABLED') === 'ENABLED')
        .filter((s) => s.at.getTime() <= now.getTime())
        .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name))
      if (due.length === 0) break
      for (const schedule of due) {
        // An earlier target in this pass may have deleted or replaced it.
        if (schedules.get(keyOf(schedule.groupName, schedule.name)) !== schedule) continue
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
      const pending = [...schedules.values()]
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
