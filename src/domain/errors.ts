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

/** 405: the path names a route, but not with this method; `Allow` lists the methods it has (RFC 9110, 15.5.6). */
export class MethodNotAllowedError extends AppError {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(
      405,
      'method-not-allowed',
      'Method not allowed',
      `${path} does not answer ${method}; it answers ${allowed.join(', ')}.`,
      { headers: { allow: allowed.join(', ') } },
    )
    this.name = 'MethodNotAllowedError'
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

/**
 * A record moved on since it was read: a conditional write found another version than the one the
 * change was based on. Repositories throw it; use cases that know what the caller read turn it into
 * a 412 naming the record, or retry on a fresh read. One that escapes answers 409.
 */
export class StaleRecordError extends ConflictError {
  constructor(
    readonly record: 'case' | 'file' | 'account' | 'contact' | 'article' | 'webhook',
    readonly id: string,
    name = 'StaleRecordError',
  ) {
    super(`The ${record} ${id} was changed by someone else just now. Read it again and retry.`)
    this.name = name
  }
}

/** The case changed since it was read: its version is no longer the one the change was based on. */
export class StaleCaseError extends StaleRecordError {
  constructor(readonly caseId: string) {
    super('case', caseId, 'StaleCaseError')
  }
}

/** The file record changed since it was read. */
export class StaleFileError extends StaleRecordError {
  constructor(readonly fileId: string) {
    super('file', fileId, 'StaleFileError')
  }
}

/** The account's version is no longer the one the change was based on (`If-Match`). */
export class StaleAccountError extends StaleRecordError {
  constructor(readonly accountId: string) {
    super('account', accountId, 'StaleAccountError')
  }
}

/** The contact changed (or left the account) since it was read. */
export class StaleContactError extends StaleRecordError {
  constructor(readonly contactId: string) {
    super('contact', contactId, 'StaleContactError')
  }
}

/** The article's version moved on since it was read (`If-Match`). */
export class StaleArticleError extends StaleRecordError {
  constructor(readonly articleId: string) {
    super('article', articleId, 'StaleArticleError')
  }
}

/** The webhook subscription's version moved on since it was read (`If-Match`, or a delivery recording its outcome). */
export class StaleWebhookError extends StaleRecordError {
  constructor(readonly webhookId: string) {
    super('webhook', webhookId, 'StaleWebhookError')
  }
}

/** The survey was already answered: a second answer is refused. */
export class SurveyAlreadyAnsweredError extends ConflictError {
  constructor(readonly caseId: string) {
    super(`The survey of case ${caseId} was already answered.`)
    this.name = 'SurveyAlreadyAnsweredError'
  }
}

/** The case already became an article: a case is written up once. */
export class CaseArticleExistsError extends ConflictError {
  constructor(
    readonly caseId: string,
    readonly articleId: string | undefined,
  ) {
    super(`Case ${caseId} already became article ${articleId ?? '(unknown)'}.`)
    this.name = 'CaseArticleExistsError'
  }
}

/** The identity provider already has a user with this address (one the directory does not know). */
export class IdentityUserExistsError extends ConflictError {
  constructor(readonly email: string) {
    super(`The identity provider already has a user ${email}.`)
    this.name = 'IdentityUserExistsError'
  }
}
