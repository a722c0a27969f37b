import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DateTime } from 'luxon'
import * as z from '#src/zod.ts'
import type { ScheduleStore, StoredSchedule } from './schedule-store.ts'

/**
 * The wire side of the local Scheduler endpoint (local/scheduler-endpoint.ts): the part of the
 * EventBridge Scheduler REST-JSON API Caseline uses (create, update, get, delete and list
 * schedules), its validation and its errors, as `@aws-sdk/client-scheduler` sends and reads them.
 */

const maxBodyBytes = 1024 * 1024

/** A string of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max))
/** A whole number from `min` to `max`. */
const wholeNumber = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max))

const Name = z.string().check(z.regex(/^[0-9a-zA-Z._-]{1,64}$/))
const Arn = text(1, 1600)

const Target = z.looseObject({
  Arn,
  RoleArn: Arn,
  Input: z.optional(text(1, 8192)),
  RetryPolicy: z.optional(
    z.object({
      MaximumRetryAttempts: z.optional(wholeNumber(0, 185)),
      MaximumEventAgeInSeconds: z.optional(wholeNumber(60, 86_400)),
    }),
  ),
  DeadLetterConfig: z.optional(z.object({ Arn: z.optional(Arn) })),
})

/** The body of CreateSchedule and UpdateSchedule (an update replaces the whole definition, as in AWS). */
const ScheduleDefinition = z.object({
  ScheduleExpression: text(1, 256),
  ScheduleExpressionTimezone: z.optional(text(1, 50)),
  FlexibleTimeWindow: z.object({
    Mode: z.enum(['OFF', 'FLEXIBLE']),
    MaximumWindowInMinutes: z.optional(wholeNumber(1, 1440)),
  }),
  Target,
  GroupName: z.optional(Name),
  StartDate: z.optional(z.number()),
  EndDate: z.optional(z.number()),
  Description: z.optional(z.string().check(z.maxLength(512))),
  State: z.optional(z.enum(['ENABLED', 'DISABLED'])),
  KmsKeyArn: z.optional(z.string().check(z.maxLength(2048))),
  ClientToken: z.optional(z.string().check(z.maxLength(64))),
  ActionAfterCompletion: z.optional(z.enum(['NONE', 'DELETE'])),
})
export type ScheduleDefinition = z.infer<typeof ScheduleDefinition>

/** An error the SDK turns into the modelled exception class, by name and status. */
export class SchedulerApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message)
    this.name = 'SchedulerApiError'
  }
}

export const conflict = (message: string) => new SchedulerApiError(409, 'ConflictException', message)
export const notFound = (message: string) => new SchedulerApiError(404, 'ResourceNotFoundException', message)
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

function parseDefinition(body: unknown): { definition: ScheduleDefinition; at: Date } {
  const parsed = ScheduleDefinition.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalid(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
  }
  const definition = parsed.data
  return { definition, at: parseAt(definition.ScheduleExpression, definition.ScheduleExpressionTimezone) }
}

const epochSeconds = (date: Date) => date.getTime() / 1000

/** GetSchedule's answer. */
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

/** ListSchedules: filtered by group, name prefix and state, a page at a time. */
function list(store: ScheduleStore, query: URLSearchParams) {
  const maxResults = Number(query.get('MaxResults') ?? 100)
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100)
    throw invalid('MaxResults must be between 1 and 100.')
  const offset = query.get('NextToken') ? Number(Buffer.from(query.get('NextToken') ?? '', 'base64url')) : 0
  if (!Number.isInteger(offset) || offset < 0) throw invalid('Invalid NextToken.')
  const matching = store.list({
    groupName: query.get('ScheduleGroup'),
    namePrefix: query.get('NamePrefix') ?? '',
    state: query.get('State'),
  })
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

/** The operation at `method` `url`, carried out on `store`. */
function route(store: ScheduleStore, method: string, url: URL, body: unknown): unknown {
  const path = url.pathname
  if (path === '/schedules' && method === 'GET') return list(store, url.searchParams)
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
    case 'PUT': {
      const { definition, at } = parseDefinition(body)
      return { ScheduleArn: store.put(name, definition, at, method === 'PUT').arn }
    }
    case 'GET':
      return scheduleOutput(store.get(groupName, name))
    case 'DELETE':
      store.delete(groupName, name)
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

/** The HTTP request listener that answers Scheduler API calls from `store`. */
export function schedulerApi(store: ScheduleStore) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    readJson(request)
      .then((body) => route(store, request.method ?? 'GET', url, body))
      .then((result) => respond(response, 200, result))
      .catch((error: unknown) => {
        if (error instanceof SchedulerApiError)
          respond(response, error.status, { __type: error.type, Message: error.message }, error.type)
        else respond(response, 500, { Message: String(error) }, 'InternalServerException')
      })
  }
}
