import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger'
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types'
import type { Context } from 'aws-lambda'

/**
 * Structured JSON logs, one line per entry, through the Powertools logger, so CloudWatch Logs
 * Insights can query every field:
 *
 * `{"level":"error","message":"unhandled error","timestamp":"…","service":"Caseline-Stateless",
 * "cold_start":true,"function_name":"…","function_request_id":"…","correlation_id":"<API Gateway
 * request id>","errorName":"…"}`
 *
 * HTTP functions add the Lambda context and use API Gateway's request id as `correlation_id`
 * (`withInvocationContext`), so a line leads to the access-log entry of its request (`requestId`)
 * and back. Request bodies, tokens and events are never passed in here; as a second line of
 * defence, e-mail addresses in any logged string and values of personal fields are masked.
 */
type Level = 'debug' | 'info' | 'warn' | 'error'

/** Fields whose values are personal or secret whatever they hold. */
const personalFields = new Set([
  'authorization',
  'body',
  'email',
  'html',
  'password',
  'phone',
  'replyTo',
  'text',
  'token',
])
const emailAddress = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi

/** Masks personal data in whatever a log line carries (`JSON.stringify` replacer). */
export function maskPersonalData(key: string, value: unknown): unknown {
  if (personalFields.has(key) && value !== undefined && value !== null && typeof value !== 'object')
    return '[redacted]'
  if (typeof value === 'string') return value.replace(emailAddress, '[email]')
  return value
}

/**
 * Powertools' keys, with the level in lower case as the logs had it before, and without the ARN,
 * memory size and sampling rate, which the log group and the function's settings already say.
 */
class CaselineLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel.toLowerCase(),
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(additional)
  }
}

const levels = new Set(['trace', 'debug', 'info', 'warn', 'error', 'critical'])

/** `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL`, else info; `silent` is handled per call (`isSilenced`). */
function initialLevel(): Level {
  const wanted = (process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL || 'info').toLowerCase()
  return (levels.has(wanted) ? wanted : 'info') as Level
}

/** `POWERTOOLS_SERVICE_NAME` (the stack, set by `AppFunction`); locally `caseline`. */
const powertools = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'caseline',
  logLevel: initialLevel(),
  logFormatter: new CaselineLogFormatter(),
  jsonReplacerFn: maskPersonalData,
})

/**
 * `LOG_LEVEL=silent` is read at every call, not once at start: the local runtime and the tests run
 * many handlers in one process and switch logging off and on around some of them.
 */
const isSilenced = () => process.env.LOG_LEVEL === 'silent'

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  if (isSilenced()) return
  powertools[level](message, fields)
}

/** The one logger of every function: `logger.info('timer fired', { caseId })`. */
export const logger = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write('debug', message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write('info', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('error', message, fields),
}

let coldStart = true

/**
 * Adds the invocation's request id, function name, cold start and a correlation id to every line
 * until `clearInvocationContext`. Kept as per-invocation keys rather than Powertools' Lambda context,
 * so that nothing of one invocation is left on the lines written after it (the local runtime runs
 * every function in one process). Nothing of the event itself is logged.
 */
export function withInvocationContext(context: Context | undefined, correlationId: string | undefined): void {
  const keys: Record<string, unknown> = {}
  if (context?.awsRequestId) {
    keys.function_name = context.functionName
    keys.function_request_id = context.awsRequestId
    keys.cold_start = coldStart
    coldStart = false
  }
  if (correlationId) keys.correlation_id = correlationId
  powertools.appendKeys(keys)
}

/** Drops the keys of the invocation that ended, so the next one never inherits them. */
export function clearInvocationContext(): void {
  powertools.resetKeys()
}

/** An error as loggable fields: name, message and stack, never the request that caused it. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error)
    return { errorName: error.name, errorMessage: error.message, stack: error.stack }
  return { errorValue: String(error) }
}
