import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  type AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '#src/domain/errors.ts'
import { problemFromError, problemResponse } from '#src/http/problem.ts'

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('problemFromError', () => {
  it.each<[AppError, number, string]>([
    [new ValidationError('bad'), 400, '/problems/validation-error'],
    [new UnauthorizedError(), 401, '/problems/unauthorized'],
    [new ForbiddenError('no'), 403, '/problems/forbidden'],
    [new NotFoundError('gone'), 404, '/problems/not-found'],
    [new ConflictError('taken'), 409, '/problems/conflict'],
    [new PreconditionFailedError('stale'), 412, '/problems/precondition-failed'],
    [new ServiceUnavailableError(), 503, '/problems/service-unavailable'],
  ])('maps %s to status %i and type %s', (error, status, type) => {
    const { problem } = problemFromError(error)

    expect(problem.status).toBe(status)
    expect(problem.type).toBe(type)
  })

  it('carries the error detail and title', () => {
    const { problem } = problemFromError(new NotFoundError('There is no case c9.'))

    expect(problem).toMatchObject({ title: 'Not found', detail: 'There is no case c9.' })
  })

  it('includes the field errors when there are some', () => {
    const error = new ValidationError('bad', [{ pointer: '/impact', detail: 'is required' }])

    expect(problemFromError(error).problem.errors).toEqual([{ pointer: '/impact', detail: 'is required' }])
  })

  it('leaves errors out when there are none', () => {
    expect(problemFromError(new ValidationError('bad')).problem).not.toHaveProperty('errors')
  })

  it('passes on the headers of the error', () => {
    expect(problemFromError(new ServiceUnavailableError('busy', 7)).headers).toEqual({ 'retry-after': '7' })
  })

  it('hides the message of an unknown error behind a generic 500', () => {
    const { problem } = problemFromError(new TypeError("Cannot read properties of undefined (reading 'pk')"))

    expect(problem.status).toBe(500)
    expect(JSON.stringify(problem)).not.toContain('pk')
  })

  it.each([
    'ProvisionedThroughputExceededException',
    'RequestLimitExceeded',
    'TransactionInProgressException',
  ])('treats the AWS error %s as retryable', (name) => {
    const error = Object.assign(new Error('aws'), { name })

    expect(problemFromError(error).problem.status).toBe(503)
  })
})

describe('problemResponse', () => {
  it('sends a problem+json response with the status and the error headers', () => {
    const response = problemResponse(new UnauthorizedError())

    expect(response.statusCode).toBe(401)
    expect(response.headers).toEqual({
      'content-type': 'application/problem+json',
      'www-authenticate': 'Bearer',
    })
    expect(JSON.parse(response.body ?? '')).toMatchObject({ status: 401, type: '/problems/unauthorized' })
  })
})

describe('problemFromError: Idempotency-Key', () => {
  it('answers 422 when a key is reused with another body', () => {
    const error = Object.assign(new Error('Payload does not match stored record'), {
      name: 'IdempotencyValidationError',
    })

    const { problem } = problemFromError(error)

    expect(problem).toMatchObject({ status: 422, type: '/problems/unprocessable' })
    expect(problem.detail).toContain('Idempotency-Key')
    expect(problem.detail).not.toContain('stored record')
  })

  it('answers 409 with retry-after while the first request with the key is still running', () => {
    const error = Object.assign(new Error('in progress'), { name: 'IdempotencyAlreadyInProgressError' })

    const { problem, headers } = problemFromError(error)

    expect(problem).toMatchObject({ status: 409, type: '/problems/request-in-progress' })
    expect(headers).toEqual({ 'retry-after': '1' })
  })

  it('keeps an AppError that happens to be named like an idempotency error as it is', () => {
    const error = Object.assign(new ConflictError('taken'), { name: 'IdempotencyValidationError' })

    expect(problemFromError(error).problem.status).toBe(409)
  })

  it('treats other idempotency failures as internal errors', () => {
    const error = Object.assign(new Error('boom'), { name: 'IdempotencyPersistenceLayerError' })

    expect(problemFromError(error).problem.status).toBe(500)
  })
})

describe('problemFromError: cancelled transactions', () => {
  it('treats a transaction cancelled by a concurrent transaction as retryable (503)', () => {
    const error = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
    })

    expect(problemFromError(error).problem.status).toBe(503)
  })

  it('does not hide a failed condition behind a 503', () => {
    const error = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    })

    expect(problemFromError(error).problem.status).toBe(500)
  })
})
