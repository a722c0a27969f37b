import type { QueueRouting } from '#src/domain/queues.ts'
import { defaultQueueRouting } from '#src/domain/queues.ts'
import { CaseType } from '#src/domain/vocabulary.ts'
import { type EnvVarName, envVar } from '#src/environment.ts'
import * as z from '#src/zod.ts'

/**
 * Runtime configuration, read from the environment once at cold start. A missing or malformed
 * variable fails fast with its name: there are no silent empty-string defaults. The variables'
 * names and meanings are in src/environment.ts. Settings only some functions get (`AppFunction.bind*`)
 * are optional here and checked where they are used (`requireSchedulerSettings`,
 * `requireMailSettings`, `requireUserPoolId`).
 */
/** A setting that, when set, is not empty. */
const nonEmpty = z.string().check(z.minLength(1))
const optionalSetting = z.optional(nonEmpty)
const optionalUrl = z.optional(z.url())
/** `true` or `false`, `false` when unset. */
const flag = z._default(z.enum(['true', 'false']), 'false')

// Every function builds this schema at cold start (docs/performance.md), so variables of one kind
// share one schema rather than building one each: schemas are immutable, and an issue's path (the
// variable's name) comes from the object, not from the shared schema.
const Environment = z.object({
  [envVar.tableName]: nonEmpty,
  [envVar.awsRegion]: nonEmpty,
  [envVar.cursorSecretArn]: optionalSetting,
  [envVar.cursorSecret]: z.optional(z.string().check(z.minLength(32))),
  [envVar.dynamodbEndpoint]: optionalUrl,
  /** `{"defaultQueue": "support", "byType": {"cloud_outage": "cloud-ops"}}` */
  [envVar.queueRouting]: z.optional(z.string()),
  /** Set only for functions that set timers (`AppFunction.bindScheduler`); see `requireSchedulerSettings`. */
  [envVar.scheduleGroup]: optionalSetting,
  [envVar.timerTargetArn]: optionalSetting,
  [envVar.schedulerRoleArn]: optionalSetting,
  [envVar.timerDeadLetterArn]: optionalSetting,
  [envVar.schedulerEndpoint]: optionalUrl,
  [envVar.clock]: z._default(z.enum(['system', 'local']), 'system'),
  /** Set only for functions that use the bucket (`AppFunction.bindFiles`); they fail on first use without it. */
  [envVar.filesBucket]: optionalSetting,
  [envVar.s3Endpoint]: optionalUrl,
  /** Default: executables. */
  [envVar.fileBlockedTypes]: optionalSetting,
  [envVar.fileScanRequired]: flag,
  /** Set only for functions that send or receive mail (`AppFunction.bindMail`); see `requireMailSettings`. */
  [envVar.mailFrom]: z.optional(z.email()),
  [envVar.mailFromName]: z._default(nonEmpty, 'Caseline Support'),
  /** Reply addresses are `case.<id>.<sig>@<domain>`, received by SES. */
  [envVar.mailReplyDomain]: z.optional(z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i))),
  [envVar.sesConfigurationSet]: optionalSetting,
  [envVar.sesEndpoint]: optionalUrl,
  /** `{"support": "support-team@vendor.example"}` */
  [envVar.queueTeamAddresses]: z.optional(z.string()),
  /** The customer portal's page, or the API locally. */
  [envVar.surveyUrl]: z.optional(z.string().check(z.includes('{token}'))),
  [envVar.caseUrl]: optionalSetting,
  [envVar.inboundMailBucket]: optionalSetting,
  [envVar.inboundMailPrefix]: z._default(z.string(), ''),
  /** Set only for the event handler (`AppFunction.bindEventBus`); see `requireEventBusName`. */
  [envVar.eventBusName]: optionalSetting,
  [envVar.eventBridgeEndpoint]: optionalUrl,
  /** Set only for functions that hand deliveries to the queue (`AppFunction.bindWebhookQueue`); see `requireWebhookQueue`. */
  [envVar.webhookQueueUrl]: optionalUrl,
  [envVar.webhookQueueArn]: optionalSetting,
  [envVar.sqsEndpoint]: optionalUrl,
  [envVar.webhookAllowLoopback]: flag,
  /** Set only for functions that manage users (`AppFunction.bindUserPool`); see `requireUserPoolId`. */
  [envVar.userPoolId]: optionalSetting,
  /** Default: `local` with DynamoDB Local, else `cognito`. */
  [envVar.identityProvider]: z.optional(z.enum(['cognito', 'local'])),
  /** Lambda sets it; the local runtime names its handlers. Idempotency records are kept per function. */
  [envVar.awsLambdaFunctionName]: z._default(nonEmpty, 'local'),
})

/** A queue's name: at most 64 letters, digits, `_` and `-`. */
const queueName = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))

const QueueRoutingSetting = z.strictObject({
  defaultQueue: queueName(),
  byType: z.partialRecord(CaseType, queueName()),
})

export interface Config {
  tableName: string
  region: string
  cursorSecret: { kind: 'arn'; arn: string } | { kind: 'value'; value: string }
  dynamodbEndpoint: string | undefined
  /**
   * What a fresh table's queues and routing start as (docs/queues.md, "Seeds"): every function that
   * reads the table is given the same, so whichever keeps them first keeps the same.
   */
  queueSeeds: { routing: QueueRouting; teamAddresses: Record<string, string> }
  functionName: string
  scheduler: SchedulerConfig
  clock: 'system' | 'local'
  files: {
    bucket: string | undefined
    endpoint: string | undefined
    /**
     * `FILE_BLOCKED_TYPES` as set (undefined: the built-in executables), parsed by the file functions
     * alone (src/runtime/file-rules.ts), so that the others carry neither the list nor its parser.
     */
    blockedTypes: string | undefined
    scanRequired: boolean
  }
  mail: MailConfig
  identity: IdentityConfig
  events: EventsConfig
}

/**
 * Integrations (docs/integrations.md): the event bus and the webhook delivery queue, as far as this
 * function has them; the functions that use them check them on first use.
 */
export interface EventsConfig {
  busName: string | undefined
  /** Only locally: the endpoint that speaks the EventBridge API. */
  busEndpoint: string | undefined
  webhookQueueUrl: string | undefined
  webhookQueueArn: string | undefined
  /** Only locally: the endpoint that speaks the SQS API. */
  sqsEndpoint: string | undefined
  /** Only locally: plain-http webhooks to loopback receivers are allowed. */
  allowLoopbackWebhooks: boolean
}

/**
 * EventBridge Scheduler, as far as this function has it: only functions that set timers get the
 * settings (`AppFunction.bindScheduler`); they check them on first use (`requireSchedulerSettings`).
 */
export interface SchedulerConfig {
  groupName: string | undefined
  targetArn: string | undefined
  roleArn: string | undefined
  deadLetterArn: string | undefined
  endpoint: string | undefined
}

/**
 * Where contacts are registered. In AWS the Cognito pool, whose id only functions that manage users
 * get (they fail on first use without it, naming `USER_POOL_ID`); the local runtime, which runs on
 * DynamoDB Local, has its token issuer read the directory, so it registers users there alone.
 */
export interface IdentityConfig {
  provider: 'cognito' | 'local'
  userPoolId: string | undefined
}

/** E-mail settings; the required ones are checked where they are used (`requireMailSettings`), as only mailing functions get them. */
export interface MailConfig {
  from: string | undefined
  fromName: string
  replyDomain: string | undefined
  configurationSet: string | undefined
  endpoint: string | undefined
  surveyUrl: string | undefined
  caseUrl: string | undefined
  inbound: { bucket: string | undefined; prefix: string }
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigurationError'
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Environment.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigurationError(`Invalid environment: ${problems.join('; ')}`)
  }
  const e = parsed.data
  const cursorSecretArn = e[envVar.cursorSecretArn]
  const cursorSecretValue = e[envVar.cursorSecret]
  const cursorSecret = cursorSecretArn
    ? ({ kind: 'arn', arn: cursorSecretArn } as const)
    : cursorSecretValue
      ? ({ kind: 'value', value: cursorSecretValue } as const)
      : undefined
  if (!cursorSecret)
    throw new ConfigurationError(
      `Invalid environment: set ${envVar.cursorSecretArn} (or ${envVar.cursorSecret} locally)`,
    )
  const queueRouting = e[envVar.queueRouting]
  const blockedTypes = e[envVar.fileBlockedTypes]
  const queueAddresses = e[envVar.queueTeamAddresses]
  return {
    tableName: e[envVar.tableName],
    region: e[envVar.awsRegion],
    cursorSecret,
    dynamodbEndpoint: e[envVar.dynamodbEndpoint],
    queueSeeds: {
      routing: queueRouting ? parseQueueRouting(queueRouting) : defaultQueueRouting,
      teamAddresses: queueAddresses ? parseQueueAddresses(queueAddresses) : {},
    },
    functionName: e[envVar.awsLambdaFunctionName],
    scheduler: {
      groupName: e[envVar.scheduleGroup],
      targetArn: e[envVar.timerTargetArn],
      roleArn: e[envVar.schedulerRoleArn],
      deadLetterArn: e[envVar.timerDeadLetterArn],
      endpoint: e[envVar.schedulerEndpoint],
    },
    clock: e[envVar.clock],
    files: {
      bucket: e[envVar.filesBucket],
      endpoint: e[envVar.s3Endpoint],
      blockedTypes,
      scanRequired: e[envVar.fileScanRequired] === 'true',
    },
    mail: {
      from: e[envVar.mailFrom],
      fromName: e[envVar.mailFromName],
      replyDomain: e[envVar.mailReplyDomain],
      configurationSet: e[envVar.sesConfigurationSet],
      endpoint: e[envVar.sesEndpoint],
      surveyUrl: e[envVar.surveyUrl],
      caseUrl: e[envVar.caseUrl],
      inbound: { bucket: e[envVar.inboundMailBucket], prefix: e[envVar.inboundMailPrefix] },
    },
    identity: {
      provider: e[envVar.identityProvider] ?? (e[envVar.dynamodbEndpoint] ? 'local' : 'cognito'),
      userPoolId: e[envVar.userPoolId],
    },
    events: {
      busName: e[envVar.eventBusName],
      busEndpoint: e[envVar.eventBridgeEndpoint],
      webhookQueueUrl: e[envVar.webhookQueueUrl],
      webhookQueueArn: e[envVar.webhookQueueArn],
      sqsEndpoint: e[envVar.sqsEndpoint],
      allowLoopbackWebhooks: e[envVar.webhookAllowLoopback] === 'true',
    },
  }
}

/** The timer settings every function that sets timers has (`requireSchedulerSettings`). */
export interface SchedulerSettings {
  groupName: string
  targetArn: string
  roleArn: string
  deadLetterArn: string
  /** Only locally: the endpoint that speaks the Scheduler API. */
  endpoint: string | undefined
}

/**
 * The settings a kind of function cannot work without, each given as its variable and value: all
 * present, or one error naming every missing variable and who needs them (`neededBy`).
 */
function requireAll<Key extends string>(
  settings: Record<Key, readonly [EnvVarName, string | undefined]>,
  neededBy: string,
): Record<Key, string> {
  const entries = Object.entries(settings) as [Key, readonly [EnvVarName, string | undefined]][]
  const missing = entries.filter(([, [, value]]) => !value).map(([, [name]]) => name)
  if (missing.length > 0)
    throw new ConfigurationError(`Invalid environment: ${missing.join(', ')} required by ${neededBy}`)
  return Object.fromEntries(entries.map(([key, [, value]]) => [key, value])) as Record<Key, string>
}

/** The settings a function that sets timers cannot work without; a missing one fails with its variable's name. */
export function requireSchedulerSettings(scheduler: SchedulerConfig): SchedulerSettings {
  const { groupName, targetArn, roleArn, deadLetterArn } = requireAll(
    {
      groupName: [envVar.scheduleGroup, scheduler.groupName],
      targetArn: [envVar.timerTargetArn, scheduler.targetArn],
      roleArn: [envVar.schedulerRoleArn, scheduler.roleArn],
      deadLetterArn: [envVar.timerDeadLetterArn, scheduler.deadLetterArn],
    },
    'functions that set timers (AppFunction.bindScheduler)',
  )
  return { groupName, targetArn, roleArn, deadLetterArn, endpoint: scheduler.endpoint }
}

/** Where the deliver function schedules a webhook retry later than the queue can delay it (`requireWebhookRetrySettings`). */
export interface WebhookRetrySettings {
  groupName: string
  roleArn: string
  deadLetterArn: string
  /** Only locally: the endpoint that speaks the Scheduler API. */
  endpoint: string | undefined
}

/**
 * The Scheduler settings of the deliver function (docs/integrations.md, retries): the timers' group,
 * role and dead-letter queue, without a timer target (a retry's target is the delivery queue).
 * A missing one fails naming its variable.
 */
export function requireWebhookRetrySettings(scheduler: SchedulerConfig): WebhookRetrySettings {
  const { groupName, roleArn, deadLetterArn } = requireAll(
    {
      groupName: [envVar.scheduleGroup, scheduler.groupName],
      roleArn: [envVar.schedulerRoleArn, scheduler.roleArn],
      deadLetterArn: [envVar.timerDeadLetterArn, scheduler.deadLetterArn],
    },
    'the function that schedules webhook retries (AppFunction.bindScheduler)',
  )
  return { groupName, roleArn, deadLetterArn, endpoint: scheduler.endpoint }
}

/** The event bus of the event handler; without it, fails naming the variable. */
export function requireEventBusName(events: EventsConfig): string {
  if (!events.busName)
    throw new ConfigurationError(
      `Invalid environment: ${envVar.eventBusName} is required by the function that publishes events (AppFunction.bindEventBus)`,
    )
  return events.busName
}

/** The webhook queue of a function that hands deliveries to it; a missing setting fails naming its variable. */
export function requireWebhookQueue(events: EventsConfig): { url: string; arn: string } {
  return requireAll(
    {
      url: [envVar.webhookQueueUrl, events.webhookQueueUrl],
      arn: [envVar.webhookQueueArn, events.webhookQueueArn],
    },
    'functions that deliver webhooks (AppFunction.bindWebhookQueue)',
  )
}

/** The user pool of a function that manages users; without it, fails naming the variable. */
export function requireUserPoolId(identity: IdentityConfig): string {
  if (!identity.userPoolId)
    throw new ConfigurationError(
      `Invalid environment: ${envVar.userPoolId} is required by functions that register or change contacts (AppFunction.bindUserPool)`,
    )
  return identity.userPoolId
}

/** The mail settings every mailing function has (`requireMailSettings`). */
export interface MailSettings {
  from: string
  replyDomain: string
  surveyUrl: string
}

/** The settings a mailing function cannot work without; a missing one fails with its variable's name. */
export function requireMailSettings(mail: MailConfig): MailSettings {
  return requireAll(
    {
      from: [envVar.mailFrom, mail.from],
      replyDomain: [envVar.mailReplyDomain, mail.replyDomain],
      surveyUrl: [envVar.surveyUrl, mail.surveyUrl],
    },
    'functions that send mail (AppFunction.bindMail)',
  )
}

/**
 * At most 50: with the queues of `QUEUE_ROUTING` (one per case type at most) they are the seed
 * queues, which a fresh table keeps in one transaction of at most 100 writes (docs/queues.md).
 */
const QueueAddresses = z
  .record(queueName(), z.email())
  .check(z.refine((addresses) => Object.keys(addresses).length <= 50, 'names at most 50 queues'))

function parseQueueAddresses(text: string): Record<string, string> {
  return parseJsonSetting(envVar.queueTeamAddresses, text, QueueAddresses)
}

/** `QUEUE_ROUTING` (also the CDK context `queueRouting`, lib/settings.ts), checked; a failure names the variable. */
export function parseQueueRouting(text: string): QueueRouting {
  return parseJsonSetting(envVar.queueRouting, text, QueueRoutingSetting)
}

/** A variable holding JSON, parsed and checked by `schema`; a failure names the variable. */
function parseJsonSetting<T>(name: string, text: string, schema: z.ZodMiniType<T>): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ConfigurationError(`Invalid environment: ${name} is not valid JSON`)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new ConfigurationError(`Invalid environment: ${name}: ${parsed.error.message}`)
  return parsed.data
}

const perMinute = z.pipe(
  z.string().check(z.regex(/^\d{1,7}$/, 'must be a whole number of requests per minute (0: no limit)')),
  z.transform(Number),
)

/**
 * The per-caller rate limits of the HTTP routes, apart from `readConfig` because only route
 * functions read them. Unset or `0`: no limit of that kind, as in the local runtime unless its
 * shell sets them; in AWS the route stacks set both on every route function from the CDK
 * context (`writeRateLimitPerMinute`, `readRateLimitPerMinute`) with `AppFunction.bindRateLimits`.
 */
const RateLimitEnvironment = z.object({
  /** Requests that change something (POST, PUT, PATCH, DELETE) per minute, per customer account or staff member, counted in the table across every function instance. */
  [envVar.rateLimitWritesPerMinute]: z.optional(perMinute),
  /** Reads (GET) per minute, per customer account or staff member, counted in memory by each function instance. */
  [envVar.rateLimitReadsPerMinute]: z.optional(perMinute),
})

/** Requests per minute per caller; undefined: not limited. */
export interface RateLimits {
  writesPerMinute: number | undefined
  readsPerMinute: number | undefined
}

/** Reads `RATE_LIMIT_WRITES_PER_MINUTE` and `RATE_LIMIT_READS_PER_MINUTE`; a malformed one fails with its name. */
export function readRateLimits(env: NodeJS.ProcessEnv = process.env): RateLimits {
  const parsed = RateLimitEnvironment.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigurationError(`Invalid environment: ${problems.join('; ')}`)
  }
  const limit = (value: number | undefined) => (value ? value : undefined)
  return {
    writesPerMinute: limit(parsed.data[envVar.rateLimitWritesPerMinute]),
    readsPerMinute: limit(parsed.data[envVar.rateLimitReadsPerMinute]),
  }
}
