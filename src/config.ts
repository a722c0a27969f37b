import * as z from 'zod'

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
})

export interface Config {
  tableName: string
  region: string
  cursorSecret: { kind: 'arn'; arn: string } | { kind: 'value'; value: string }
  dynamodbEndpoint: string | undefined
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
  }
}
