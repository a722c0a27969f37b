import type { Node } from 'constructs'
import { parseQueueRouting } from '#src/config.ts'
import type { QueueRouting } from '#src/domain/queues.ts'
import { parseBlockedTypes } from '#src/runtime/file-rules.ts'

/**
 * Deployment settings, read once from CDK context (`cdk.json` or `-c key=value`) and checked, so a
 * typo fails the synth with the key's name instead of deploying something unintended.
 *
 * | key | default | meaning |
 * |---|---|---|
 * | `stage` | none | deployment name; stacks become `Caseline-<stage>-Stateful` / `-Stateless` |
 * | `allowedOrigins` | `[]` | browser origins allowed by CORS (JSON array or comma-separated); empty: no CORS |
 * | `tracing` | `false` | X-Ray active tracing on every function |
 * | `threatProtection` | `true` | Cognito Plus feature plan with threat protection enforced (billed per MAU) |
 * | `malwareScan` | `false` | downloads wait for GuardDuty Malware Protection's clean tag (set the plan up first: docs/files.md) |
 * | `blockedFileTypes` | executables | media types and `.ext`ensions that may not be uploaded, comma-separated, or `none` |
 * | `supportAddress` | `support@caseline.example` | the address mail is sent from; its domain becomes an SES identity (publish its DKIM records) |
 * | `replyDomain` | `reply.caseline.example` | the domain of the signed per-case reply addresses; SES receives it (MX record) |
 * | `surveyUrl` | the API's own page (`<API URL>/surveys/{token}`) | the survey page the closing mail links to, `{token}` replaced: a portal's own page instead of the hosted one |
 * | `caseUrl` | none | the portal's case page (`{caseId}`, `{number}`), linked from every mail |
 * | `queueRouting` | consulting requests to `consulting`, the rest to `support` | JSON `{"defaultQueue": "support", "byType": {"cloud_outage": "cloud-ops"}}`: the routing a fresh table starts with (docs/queues.md, "Seeds") |
 * | `queueAddresses` | `{}` | JSON: queue → team address, the team addresses a fresh table's queues start with |
 * | `writeRateLimitPerMinute` | `120` | requests that change data per minute per customer account or staff member, across all instances; `0`: none |
 * | `readRateLimitPerMinute` | `600` | reads per minute per customer account or staff member, per function instance; `0`: none |
 * | `alarmEmail` | none | an address that gets every alarm (a topic is created; confirm the subscription once) |
 * | `alarmTopicArn` | none | an existing SNS topic that gets every alarm instead |
 */
export interface AppSettings {
  readonly stage: string | undefined
  readonly allowedOrigins: readonly string[]
  readonly tracing: boolean
  readonly threatProtection: boolean
  /** Downloads only of files GuardDuty Malware Protection tagged clean (`FILE_SCAN_REQUIRED`). */
  readonly malwareScan: boolean
  /** The blocked upload types (`FILE_BLOCKED_TYPES`); undefined: the built-in list of executables. */
  readonly blockedFileTypes: string | undefined
  readonly mail: MailSettings
  /** What a fresh table's queues and routing start as (`AppFunction.bindTable` passes them on). */
  readonly queueSeeds: QueueSeedSettings
  /** Per-caller rate limits (`RATE_LIMIT_*` of the route functions). */
  readonly rateLimits: RateLimitSettings
  /** Where alarms notify (`Observability`). */
  readonly alarms: AlarmSettings
}

/** Requests per minute per customer account or staff member; 0: not limited. */
export interface RateLimitSettings {
  readonly writesPerMinute: number
  readonly readsPerMinute: number
}

/**
 * About 2 changes a second for a whole customer account (every contact together, plus its
 * integrations), and 10 reads a second: far above what people at a portal do, low enough that one
 * account cannot take the stage's 50 requests a second for itself.
 */
export const defaultRateLimits: RateLimitSettings = { writesPerMinute: 120, readsPerMinute: 600 }

export interface AlarmSettings {
  readonly email: string | undefined
  readonly topicArn: string | undefined
}

/** What the mailing functions are told (`AppFunction.bindMail`) and what SES is set up for. */
export interface MailSettings {
  readonly supportAddress: string
  readonly replyDomain: string
  /** A portal's own survey page; undefined: the API's hosted page (`surveyPageUrl`). */
  readonly surveyUrl: string | undefined
  readonly caseUrl: string | undefined
}

/**
 * The seeds of a fresh table's queues and routing (docs/queues.md, "Seeds"): once the table holds
 * queues and routing, admins change them through the API and these no longer matter.
 */
export interface QueueSeedSettings {
  /** Undefined: the built-in routing (consulting requests to consulting, the rest to support). */
  readonly routing: QueueRouting | undefined
  readonly teamAddresses: Readonly<Record<string, string>>
}

export const defaultMailSettings: MailSettings = {
  supportAddress: 'support@caseline.example',
  replyDomain: 'reply.caseline.example',
  surveyUrl: undefined,
  caseUrl: undefined,
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

/** Reads and validates the app's settings from the context of `node` (usually `app.node`). */
export function readSettings(node: Pick<Node, 'tryGetContext'>): AppSettings {
  return {
    stage: readStage(node.tryGetContext('stage')),
    allowedOrigins: readOrigins(node.tryGetContext('allowedOrigins')),
    tracing: readBoolean('tracing', node.tryGetContext('tracing'), false),
    threatProtection: readBoolean('threatProtection', node.tryGetContext('threatProtection'), true),
    malwareScan: readBoolean('malwareScan', node.tryGetContext('malwareScan'), false),
    blockedFileTypes: readBlockedFileTypes(node.tryGetContext('blockedFileTypes')),
    mail: readMailSettings(node),
    queueSeeds: readQueueSeedSettings(node),
    rateLimits: readRateLimitSettings(node),
    alarms: readAlarmSettings(node),
  }
}

/** `writeRateLimitPerMinute` and `readRateLimitPerMinute`: whole numbers, 0 turns a limit off. */
export function readRateLimitSettings(node: Pick<Node, 'tryGetContext'>): RateLimitSettings {
  const perMinute = (key: string, fallback: number): number => {
    const value: unknown = node.tryGetContext(key)
    if (value === undefined || value === '') return fallback
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 9_999_999)
      throw new SettingsError(
        `Context "${key}" must be a whole number of requests per minute (0: no limit), got ${JSON.stringify(value)}`,
      )
    return number
  }
  return {
    writesPerMinute: perMinute('writeRateLimitPerMinute', defaultRateLimits.writesPerMinute),
    readsPerMinute: perMinute('readRateLimitPerMinute', defaultRateLimits.readsPerMinute),
  }
}

/** `alarmEmail` (an address) or `alarmTopicArn` (an SNS topic ARN), not both. */
export function readAlarmSettings(node: Pick<Node, 'tryGetContext'>): AlarmSettings {
  const email: unknown = node.tryGetContext('alarmEmail')
  const topicArn: unknown = node.tryGetContext('alarmTopicArn')
  const given = (value: unknown) => value !== undefined && value !== ''
  if (given(email) && (typeof email !== 'string' || !emailPattern.test(email)))
    throw new SettingsError(`Context "alarmEmail" must be an e-mail address, got ${JSON.stringify(email)}`)
  if (
    given(topicArn) &&
    (typeof topicArn !== 'string' ||
      !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn))
  )
    throw new SettingsError(
      `Context "alarmTopicArn" must be an SNS topic ARN, got ${JSON.stringify(topicArn)}`,
    )
  if (given(email) && given(topicArn))
    throw new SettingsError('Set either context "alarmEmail" or "alarmTopicArn", not both')
  return {
    email: given(email) ? (email as string) : undefined,
    topicArn: given(topicArn) ? (topicArn as string) : undefined,
  }
}

const emailPattern = /^[^\s@<>]+@([a-z0-9-]+\.)+[a-z]{2,}$/i
const domainPattern = /^([a-z0-9-]+\.)+[a-z]{2,}$/i

function readMailSettings(node: Pick<Node, 'tryGetContext'>): MailSettings {
  const text = (
    key: string,
    fallback: string | undefined,
    valid: (value: string) => boolean,
    what: string,
  ) => {
    const value: unknown = node.tryGetContext(key)
    if (value === undefined || value === '') return fallback
    if (typeof value !== 'string' || !valid(value))
      throw new SettingsError(`Context "${key}" must be ${what}, got ${JSON.stringify(value)}`)
    return value
  }
  const urlWith = (placeholder: RegExp) => (value: string) =>
    /^https?:\/\//.test(value) && placeholder.test(value)
  return {
    supportAddress: text(
      'supportAddress',
      defaultMailSettings.supportAddress,
      (v) => emailPattern.test(v),
      'an e-mail address',
    ) as string,
    replyDomain: text(
      'replyDomain',
      defaultMailSettings.replyDomain,
      (v) => domainPattern.test(v),
      'a domain name',
    ) as string,
    surveyUrl: text(
      'surveyUrl',
      defaultMailSettings.surveyUrl,
      urlWith(/\{token\}/),
      'an http(s) URL containing {token}',
    ),
    caseUrl: text(
      'caseUrl',
      undefined,
      urlWith(/\{(caseId|number)\}/),
      'an http(s) URL containing {caseId} or {number}',
    ),
  }
}

/** `queueRouting` and `queueAddresses`, checked as the functions check them at cold start. */
export function readQueueSeedSettings(node: Pick<Node, 'tryGetContext'>): QueueSeedSettings {
  return {
    routing: readQueueRouting(node.tryGetContext('queueRouting')),
    teamAddresses: readQueueAddresses(node.tryGetContext('queueAddresses')),
  }
}

function readQueueRouting(value: unknown): QueueRouting | undefined {
  if (value === undefined || value === '') return undefined
  try {
    return parseQueueRouting(typeof value === 'string' ? value : JSON.stringify(value))
  } catch (error) {
    throw new SettingsError(
      `Context "queueRouting" must be JSON like {"defaultQueue": "support", "byType": {"cloud_outage": "cloud-ops"}}: ${(error as Error).message}`,
    )
  }
}

function readQueueAddresses(value: unknown): Record<string, string> {
  if (value === undefined || value === '') return {}
  let parsed: unknown = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      throw new SettingsError('Context "queueAddresses" must be a JSON object of queue → e-mail address')
    }
  }
  const entries =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : undefined
  if (
    !entries ||
    entries.some(
      ([queue, address]) =>
        !/^[A-Za-z0-9_-]{1,64}$/.test(queue) || typeof address !== 'string' || !emailPattern.test(address),
    )
  )
    throw new SettingsError(
      'Context "queueAddresses" must map queue names to e-mail addresses, like {"support": "team@vendor.example"}',
    )
  return Object.fromEntries(entries) as Record<string, string>
}

/** Stack names for a stage: several stages can live side by side in one account and region. */
export function stackNames(stage: string | undefined): { stateful: string; stateless: string } {
  const prefix = stage ? `Caseline-${stage}` : 'Caseline'
  return { stateful: `${prefix}-Stateful`, stateless: `${prefix}-Stateless` }
}

function readStage(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string' || !/^[a-z][a-z0-9-]{0,19}$/.test(value)) {
    throw new SettingsError(
      `Context "stage" must be 1-20 lowercase letters, digits or dashes, got ${JSON.stringify(value)}`,
    )
  }
  return value
}

function readBoolean(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  // `-c key=false` arrives as a string, cdk.json as a boolean.
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw new SettingsError(`Context "${key}" must be true or false, got ${JSON.stringify(value)}`)
}

/** Checked as the runtime checks `FILE_BLOCKED_TYPES`, so a typo fails the synth, not the first upload. */
function readBlockedFileTypes(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined
  const text = Array.isArray(value) ? value.join(',') : value
  if (typeof text !== 'string')
    throw new SettingsError('Context "blockedFileTypes" must be a comma-separated string')
  try {
    parseBlockedTypes(text)
  } catch (error) {
    throw new SettingsError(`Context "blockedFileTypes": ${(error as Error).message}`)
  }
  return text
}

function readOrigins(value: unknown): readonly string[] {
  if (value === undefined || value === '') return []
  const entries = typeof value === 'string' ? value.split(',') : value
  if (!Array.isArray(entries) || entries.some((entry) => typeof entry !== 'string')) {
    throw new SettingsError(
      'Context "allowedOrigins" must be an array of origins or a comma-separated string',
    )
  }
  return entries.map((entry: string) => parseOrigin(entry.trim()))
}

/**
 * An origin is scheme, host and port, nothing else. `*` is refused: the API carries tenant data,
 * so the operator names the portals that may call it. Plain http is accepted for localhost only.
 */
function parseOrigin(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new SettingsError(
      `Context "allowedOrigins": ${JSON.stringify(text)} is not an origin like https://portal.example.com`,
    )
  }
  const isLocal = url.hostname === 'localhost' || url.hostname === '127.0.0.1'
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && isLocal)
  if (!schemeOk || url.origin !== text) {
    throw new SettingsError(
      `Context "allowedOrigins": ${JSON.stringify(text)} must be an https origin without path or trailing slash`,
    )
  }
  return url.origin
}
