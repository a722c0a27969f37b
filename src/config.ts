import * as z from 'zod'
import { type BlockedFileTypes, defaultBlockedFileTypes } from '#src/domain/case-file.ts'
import type { QueueRouting } from '#src/domain/queues.ts'
import { defaultQueueRouting } from '#src/domain/queues.ts'
import { CaseType } from '#src/domain/vocabulary.ts'

/**
 * Runtime configuration, read from the environment once at cold start. A missing or malformed
 * variable fails fast with its name: there are no silent empty-string defaults.
 */
const Environment = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1),
  /** Where the cursor-signing key lives in AWS (Secrets Manager). */
  CURSOR_SECRET_ARN: z.string().min(1).optional(),
  /** The cursor-signing key itself: local runtime and tests only. */
  CURSOR_SECRET: z.string().min(32).optional(),
  /** Only locally: DynamoDB Local's address. Unset in AWS, where the SDK finds the regional endpoint. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Optional queue routing by case type, JSON: `{"defaultQueue": "support", "byType": {"cloud_outage": "cloud-ops"}}`. */
  QUEUE_ROUTING: z.string().optional(),
  /** EventBridge Scheduler: the schedule group, the timer function, the role Scheduler assumes, the timers' DLQ. */
  SCHEDULE_GROUP: z.string().min(1),
  TIMER_TARGET_ARN: z.string().min(1),
  SCHEDULER_ROLE_ARN: z.string().min(1),
  TIMER_DLQ_ARN: z.string().min(1),
  /** Only locally: the endpoint that speaks the Scheduler API. */
  SCHEDULER_ENDPOINT: z.url().optional(),
  /** Only locally: `local` makes every function read the adjustable local clock (`POST /local/clock`). */
  CLOCK: z.enum(['system', 'local']).default('system'),
  /** The case-files bucket: set only for functions that use it (`AppFunction.bindFiles`); they fail on first use without it. */
  FILES_BUCKET: z.string().min(1).optional(),
  /** Only locally: s3rver's address. */
  S3_ENDPOINT: z.url().optional(),
  /** What may not be uploaded, comma-separated media types and `.ext`ensions; `none` blocks nothing. Default: executables. */
  FILE_BLOCKED_TYPES: z.string().min(1).optional(),
  /** `true`: downloads wait for GuardDuty Malware Protection's clean verdict (docs/files.md). */
  FILE_SCAN_REQUIRED: z.enum(['true', 'false']).default('false'),
  /** E-mail (issue 6), set only for functions that send or receive mail (`AppFunction.bindMail`). The support address mail is sent from. */
  MAIL_FROM: z.email().optional(),
  /** The display name mail is sent under. */
  MAIL_FROM_NAME: z.string().min(1).default('Caseline Support'),
  /** The domain of the signed per-case reply addresses (`case.<id>.<sig>@<domain>`), received by SES. */
  MAIL_REPLY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)
    .optional(),
  /** The SES configuration set every mail is sent with (bounce and complaint tracking). */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Only locally: aws-ses-v2-local's address. */
  SES_ENDPOINT: z.url().optional(),
  /** Where mail for an unassigned case goes, by queue, JSON: `{"support": "support-team@vendor.example"}`. */
  MAIL_QUEUE_ADDRESSES: z.string().optional(),
  /** The survey page's address with a `{token}` placeholder (the customer portal's page, or the API locally). */
  SURVEY_URL: z.string().includes('{token}').optional(),
  /** Optional: the portal's case page, with `{caseId}` and/or `{number}` placeholders, linked from every mail. */
  CASE_URL: z.string().min(1).optional(),
  /** Where SES stores received mail (its S3 action) and the key prefix in front of the SES message id. */
  INBOUND_MAIL_BUCKET: z.string().min(1).optional(),
  INBOUND_MAIL_PREFIX: z.string().default(''),
  /** The Cognito user pool contacts are registered in: set only for functions that manage users (`AppFunction.bindUserPool`). */
  USER_POOL_ID: z.string().min(1).optional(),
  /** Where users are registered: `cognito` (AWS), or `local`, the local runtime's token issuer. Default: `local` with DynamoDB Local, else `cognito`. */
  IDENTITY_PROVIDER: z.enum(['cognito', 'local']).optional(),
  /** Lambda sets it; the local runtime names its handlers. Idempotency records are kept per function. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().min(1).default('local'),
})

const QueueRoutingSetting = z.strictObject({
  defaultQueue: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  byType: z.partialRecord(CaseType, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)),
})

export interface Config {
  tableName: string
  region: string
  cursorSecret: { kind: 'arn'; arn: string } | { kind: 'value'; value: string }
  dynamodbEndpoint: string | undefined
  queueRouting: QueueRouting
  functionName: string
  scheduler: {
    groupName: string
    targetArn: string
    roleArn: string
    deadLetterArn: string
    endpoint: string | undefined
  }
  clock: 'system' | 'local'
  files: {
    bucket: string | undefined
    endpoint: string | undefined
    blockedTypes: BlockedFileTypes
    scanRequired: boolean
  }
  mail: MailConfig
  identity: IdentityConfig
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
  /** Queue → the team address that hears about customer comments on unassigned cases. */
  queueAddresses: Record<string, string>
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
  const cursorSecret = e.CURSOR_SECRET_ARN
    ? ({ kind: 'arn', arn: e.CURSOR_SECRET_ARN } as const)
    : e.CURSOR_SECRET
      ? ({ kind: 'value', value: e.CURSOR_SECRET } as const)
      : undefined
  if (!cursorSecret)
    throw new ConfigurationError('Invalid environment: set CURSOR_SECRET_ARN (or CURSOR_SECRET locally)')
  return {
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION,
    cursorSecret,
    dynamodbEndpoint: e.DYNAMODB_ENDPOINT,
    queueRouting: e.QUEUE_ROUTING ? parseQueueRouting(e.QUEUE_ROUTING) : defaultQueueRouting,
    functionName: e.AWS_LAMBDA_FUNCTION_NAME,
    scheduler: {
      groupName: e.SCHEDULE_GROUP,
      targetArn: e.TIMER_TARGET_ARN,
      roleArn: e.SCHEDULER_ROLE_ARN,
      deadLetterArn: e.TIMER_DLQ_ARN,
      endpoint: e.SCHEDULER_ENDPOINT,
    },
    clock: e.CLOCK,
    files: {
      bucket: e.FILES_BUCKET,
      endpoint: e.S3_ENDPOINT,
      blockedTypes: e.FILE_BLOCKED_TYPES ? parseBlockedTypes(e.FILE_BLOCKED_TYPES) : defaultBlockedFileTypes,
      scanRequired: e.FILE_SCAN_REQUIRED === 'true',
    },
    mail: {
      from: e.MAIL_FROM,
      fromName: e.MAIL_FROM_NAME,
      replyDomain: e.MAIL_REPLY_DOMAIN,
      configurationSet: e.SES_CONFIGURATION_SET,
      endpoint: e.SES_ENDPOINT,
      queueAddresses: e.MAIL_QUEUE_ADDRESSES ? parseQueueAddresses(e.MAIL_QUEUE_ADDRESSES) : {},
      surveyUrl: e.SURVEY_URL,
      caseUrl: e.CASE_URL,
      inbound: { bucket: e.INBOUND_MAIL_BUCKET, prefix: e.INBOUND_MAIL_PREFIX },
    },
    identity: {
      provider: e.IDENTITY_PROVIDER ?? (e.DYNAMODB_ENDPOINT ? 'local' : 'cognito'),
      userPoolId: e.USER_POOL_ID,
    },
  }
}

/** The user pool of a function that manages users; without it, fails naming the variable. */
export function requireUserPoolId(identity: IdentityConfig): string {
  if (!identity.userPoolId)
    throw new ConfigurationError(
      'Invalid environment: USER_POOL_ID is required by functions that register or change contacts (AppFunction.bindUserPool)',
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
  const missing = [
    mail.from ? undefined : 'MAIL_FROM',
    mail.replyDomain ? undefined : 'MAIL_REPLY_DOMAIN',
    mail.surveyUrl ? undefined : 'SURVEY_URL',
  ].filter(Boolean)
  if (missing.length > 0 || !mail.from || !mail.replyDomain || !mail.surveyUrl)
    throw new ConfigurationError(
      `Invalid environment: ${missing.join(', ')} required by functions that send mail (AppFunction.bindMail)`,
    )
  return { from: mail.from, replyDomain: mail.replyDomain, surveyUrl: mail.surveyUrl }
}

const QueueAddresses = z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.email())

function parseQueueAddresses(text: string): Record<string, string> {
  return parseJsonSetting('MAIL_QUEUE_ADDRESSES', text, QueueAddresses)
}

/** `application/x-msdownload,.exe,.bat` → media types and extensions; `none` → nothing blocked. */
export function parseBlockedTypes(text: string): BlockedFileTypes {
  if (text.trim().toLowerCase() === 'none') return { mediaTypes: [], extensions: [] }
  const entries = text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
  const invalid = entries.filter((entry) => !/^(\.[a-z0-9_-]{1,16}|[a-z0-9.+-]+\/[a-z0-9.+-]+)$/.test(entry))
  if (invalid.length > 0 || entries.length === 0)
    throw new ConfigurationError(
      `Invalid environment: FILE_BLOCKED_TYPES must list media types (application/x-msdownload) or extensions (.exe), or be "none"; got ${JSON.stringify(invalid.join(',') || text)}`,
    )
  return {
    mediaTypes: entries.filter((entry) => !entry.startsWith('.')),
    extensions: entries.filter((entry) => entry.startsWith('.')),
  }
}

function parseQueueRouting(text: string): QueueRouting {
  return parseJsonSetting('QUEUE_ROUTING', text, QueueRoutingSetting)
}

/** A variable holding JSON, parsed and checked by `schema`; a failure names the variable. */
function parseJsonSetting<T>(name: string, text: string, schema: z.ZodType<T>): T {
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

// --- rate limits (issue 8) ---

const perMinute = z
  .string()
  .regex(/^\d{1,7}$/, 'must be a whole number of requests per minute (0: no limit)')
  .transform(Number)

/**
 * The per-caller rate limits of the HTTP routes, apart from `readConfig` because only route
 * functions read them. Unset or `0`: no limit of that kind, as in the local runtime unless its
 * shell sets them; in AWS the stateless stack sets both on every route function from the CDK
 * context (`writeRateLimitPerMinute`, `readRateLimitPerMinute`).
 */
const RateLimitEnvironment = z.object({
  /** Requests that change something (POST, PUT, PATCH, DELETE) per minute, per customer account or staff member, counted in the table across every function instance. */
  RATE_LIMIT_WRITES_PER_MINUTE: perMinute.optional(),
  /** Reads (GET) per minute, per customer account or staff member, counted in memory by each function instance. */
  RATE_LIMIT_READS_PER_MINUTE: perMinute.optional(),
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
    writesPerMinute: limit(parsed.data.RATE_LIMIT_WRITES_PER_MINUTE),
    readsPerMinute: limit(parsed.data.RATE_LIMIT_READS_PER_MINUTE),
  }
}
