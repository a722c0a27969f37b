import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import { handler } from '#functions/timers/fire-timer.ts'

// Only malformed inputs here: a valid one would build the real dependencies (and fail on the missing
// environment). A malformed input can never become valid by retrying, so it is dropped, not thrown.

let stderr: MockInstance<typeof process.stderr.write>

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'info')
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

const valid = { caseId: 'case-1', kind: 'sla-breach', dueAt: '2026-12-21T08:00:00.000Z' }

describe('fire-timer handler', () => {
  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'case-1/sla-breach'],
    ['an empty object', {}],
    ['no case id', { ...valid, caseId: undefined }],
    ['an empty case id', { ...valid, caseId: '' }],
    ['a case id over 64 characters', { ...valid, caseId: 'c'.repeat(65) }],
    ['an unknown kind', { ...valid, kind: 'sla-reminder' }],
    ['a due time that is not ISO 8601', { ...valid, dueAt: 'Monday 9am' }],
    ['a due time with an offset', { ...valid, dueAt: '2026-12-21T09:00:00+01:00' }],
  ])('drops an input with %s as ignored and logs it', async (_, event) => {
    // Act
    const result = await handler(event)

    // Assert
    expect(result).toEqual({ outcome: 'ignored', reason: 'malformed timer input' })
    const lines = stderr.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'malformed timer input dropped',
        issues: expect.any(Array),
      }),
    )
  })
})
