/**
 * Structured JSON logs, one line per entry, so CloudWatch Logs Insights can query fields.
 * Deliberately tiny: no request bodies or tokens are ever passed in here.
 */
type Level = 'debug' | 'info' | 'warn' | 'error'

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  if (process.env.LOG_LEVEL === 'silent') return
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields })
  // Raw writes, not console.*: Lambda prefixes console lines in text log format, which breaks the JSON.
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`)
  else process.stdout.write(`${line}\n`)
}

export const logger = {
  info: (message: string, fields: Record<string, unknown> = {}) => write('info', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('error', message, fields),
}

/** An error as loggable fields: name, message and stack, never the request that caused it. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error)
    return { errorName: error.name, errorMessage: error.message, stack: error.stack }
  return { errorValue: String(error) }
}
