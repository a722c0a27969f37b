import type { Context } from 'aws-lambda'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import {
  clearInvocationContext,
  errorFields,
  logger,
  maskPersonalData,
  withInvocationContext,
} from '#src/logger.ts'

let stdout: MockInstance<typeof process.stdout.write>
let stderr: MockInstance<typeof process.stderr.write>

const linesOf = (stream: MockInstance<typeof process.stdout.write>) =>
  stream.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)

const context = {
  functionName: 'Caseline-Stateless-GetCase',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:Caseline-Stateless-GetCase',
  memoryLimitInMB: '1024',
  awsRequestId: 'lambda-request-1',
} as Context

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'info')
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
})

afterEach(() => {
  clearInvocationContext()
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

describe('logger', () => {
  it('writes one JSON line per entry: info to stdout, warnings and errors to stderr', () => {
    // Act
    logger.info('timer fired', { caseId: 'case-1', outcome: 'applied' })
    logger.warn('rate limit counter unavailable', { kind: 'writes' })
    logger.error('unhandled error', { errorName: 'TypeError' })

    // Assert
    expect(linesOf(stdout)).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'timer fired',
        service: expect.any(String),
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        caseId: 'case-1',
        outcome: 'applied',
      }),
    ])
    expect(linesOf(stderr)).toEqual([
      expect.objectContaining({ level: 'warn', kind: 'writes' }),
      expect.objectContaining({ level: 'error', errorName: 'TypeError' }),
    ])
  })

  it('carries the Lambda request id and the correlation id during an invocation, and drops them after', () => {
    // Act
    withInvocationContext(context, 'api-request-1')
    logger.info('inside')
    clearInvocationContext()
    withInvocationContext(undefined, undefined)
    logger.info('outside')

    // Assert
    const [inside, outside] = linesOf(stdout)
    expect(inside).toMatchObject({
      function_request_id: 'lambda-request-1',
      function_name: 'Caseline-Stateless-GetCase',
      correlation_id: 'api-request-1',
      cold_start: expect.any(Boolean),
    })
    expect(outside).not.toHaveProperty('correlation_id')
    expect(outside).not.toHaveProperty('function_request_id')
  })

  it('masks e-mail addresses and personal fields, whatever a call site passes', () => {
    // Act
    logger.warn('No user has the address alice@acme.example.', {
      detail: 'from Gina <gina@globex.example>',
      email: 'adam@acme.example',
      body: '{"title":"secret"}',
      caseId: 'case-1',
    })

    // Assert
    expect(linesOf(stderr)[0]).toMatchObject({
      message: 'No user has the address [email].',
      detail: 'from Gina <[email]>',
      email: '[redacted]',
      body: '[redacted]',
      caseId: 'case-1',
    })
  })

  it('writes nothing while LOG_LEVEL is silent', () => {
    vi.stubEnv('LOG_LEVEL', 'silent')

    logger.error('unhandled error')

    expect(stderr).not.toHaveBeenCalled()
  })
})

describe('maskPersonalData', () => {
  it('leaves ids, numbers and nested objects as they are', () => {
    expect(maskPersonalData('caseId', 'case-1')).toBe('case-1')
    expect(maskPersonalData('count', 3)).toBe(3)
    expect(maskPersonalData('text', { nested: true })).toEqual({ nested: true })
  })
})

describe('errorFields', () => {
  it('names the error without the request', () => {
    expect(errorFields(new TypeError('boom'))).toMatchObject({ errorName: 'TypeError', errorMessage: 'boom' })
    expect(errorFields('plain')).toEqual({ errorValue: 'plain' })
  })
})
