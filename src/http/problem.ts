import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { AppError, ServiceUnavailableError, UnprocessableError } from '#src/domain/errors.ts'
import { errorFields, logger } from '#src/logger.ts'

/** Problem `type` URIs are relative to the API, one per kind of problem (RFC 9457 §3.1.1). */
const problemTypeBase = '/problems/'

export interface ProblemDocument {
  type: string
  title: string
  status: number
  detail: string
  errors?: unknown[]
}

/** AWS SDK error names that mean "try again shortly", not "your request is wrong". */
const retryableAwsErrors = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'TimeoutError',
  'InternalServerError',
  'ServiceUnavailable',
])

function isRetryableAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (retryableAwsErrors.has(error.name)) return true
  // A transaction cancelled only because another transaction touched the same items is a race, not a bad request.
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
    return reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError')
  }
  return false
}

/** Errors of the Powertools idempotency utility, by name (its classes live in the runtime layer). */
function idempotencyProblem(error: unknown): AppError | undefined {
  if (!(error instanceof Error)) return undefined
  if (error.name === 'IdempotencyValidationError') {
    return new UnprocessableError(
      'This Idempotency-Key was already used with a different request body. Use a new key.',
    )
  }
  if (error.name === 'IdempotencyAlreadyInProgressError') {
    return new AppError(
      409,
      'request-in-progress',
      'Request in progress',
      'A request with this Idempotency-Key is still being processed. Retry shortly.',
      {
        headers: { 'retry-after': '1' },
      },
    )
  }
  return undefined
}

/** Maps any error to the problem document sent to the client. The one place where errors become HTTP. */
export function problemFromError(error: unknown): {
  problem: ProblemDocument
  headers: Record<string, string>
} {
  const known =
    error instanceof AppError
      ? error
      : (idempotencyProblem(error) ??
        (isRetryableAwsError(error) ? new ServiceUnavailableError() : undefined))
  if (known) {
    const problem: ProblemDocument = {
      type: problemTypeBase + known.problemType,
      title: known.title,
      status: known.status,
      detail: known.message,
    }
    if (known.errors?.length) problem.errors = known.errors
    return { problem, headers: known.headers }
  }
  // Unknown failures are our bug: log everything, show nothing internal.
  logger.error('unhandled error', errorFields(error))
  return {
    problem: {
      type: `${problemTypeBase}internal-error`,
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side. It has been logged; please retry later.',
    },
    headers: {},
  }
}

export function problemResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  const { problem, headers } = problemFromError(error)
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  }
}
