/**
 * The one error hierarchy of the core. Each error knows its HTTP status and problem type; the HTTP
 * layer maps them to RFC 9457 problem documents in exactly one place (src/http/problem.ts).
 */
/**
 * One invalid part of a request: `pointer` is a JSON pointer into the body (`/impact`);
 * `parameter` names a query or path parameter (`limit`), `header` a request header.
 */
export type FieldError =
  | { pointer: string; detail: string }
  | { parameter: string; detail: string }
  | { header: string; detail: string }

export class AppError extends Error {
  readonly status: number
  readonly problemType: string
  readonly title: string
  readonly errors: FieldError[] | undefined
  readonly headers: Record<string, string>

  constructor(
    status: number,
    problemType: string,
    title: string,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail)
    this.name = 'AppError'
    this.status = status
    this.problemType = problemType
    this.title = title
    this.errors = options.errors
    this.headers = options.headers ?? {}
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(400, 'validation-error', 'Your request is not valid', detail, { errors })
    this.name = 'ValidationError'
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid bearer token is required.') {
    super(401, 'unauthorized', 'Not signed in', detail, { headers: { 'www-authenticate': 'Bearer' } })
    this.name = 'UnauthorizedError'
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Not allowed', detail)
    this.name = 'ForbiddenError'
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, 'not-found', 'Not found', detail)
    this.name = 'NotFoundError'
  }
}

export class ConflictError extends AppError {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail)
    this.name = 'ConflictError'
  }
}

/** The resource existed but is no longer available and will not be again (an expired survey link). */
export class GoneError extends AppError {
  constructor(detail: string) {
    super(410, 'gone', 'Gone', detail)
    this.name = 'GoneError'
  }
}

export class PreconditionFailedError extends AppError {
  constructor(detail: string) {
    super(412, 'precondition-failed', 'Precondition failed', detail)
    this.name = 'PreconditionFailedError'
  }
}

export class PreconditionRequiredError extends AppError {
  constructor(detail: string) {
    super(428, 'precondition-required', 'Precondition required', detail)
    this.name = 'PreconditionRequiredError'
  }
}

/** The request is well-formed but cannot be processed as sent (e.g. an Idempotency-Key reused with another body). */
export class UnprocessableError extends AppError {
  constructor(detail: string) {
    super(422, 'unprocessable', 'Unprocessable request', detail)
    this.name = 'UnprocessableError'
  }
}

/** A dependency (DynamoDB, a secret) is briefly unavailable: the client should retry. */
export class ServiceUnavailableError extends AppError {
  constructor(detail = 'The service is busy. Please retry shortly.', retryAfterSeconds = 1) {
    super(503, 'service-unavailable', 'Service unavailable', detail, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    })
    this.name = 'ServiceUnavailableError'
  }
}
