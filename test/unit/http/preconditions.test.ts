import { describe, expect, it } from 'vitest'
import { PreconditionFailedError, PreconditionRequiredError, ValidationError } from '#src/domain/errors.ts'
import { ifMatchVersion, optionalIfMatchVersion } from '#src/http/preconditions.ts'

function refusal(headers: Record<string, string | undefined>): unknown {
  try {
    ifMatchVersion(headers)
  } catch (error) {
    return error
  }
  throw new Error('expected If-Match to be refused')
}

describe('ifMatchVersion', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    [' "42" ', 42],
    ['"123456789"', 123456789],
  ])('reads %s as version %i', (value, version) => {
    expect(ifMatchVersion({ 'if-match': value })).toBe(version)
  })

  it.each([
    ['missing', {}],
    ['undefined', { 'if-match': undefined }],
    ['empty', { 'if-match': '' }],
    ['blank', { 'if-match': '   ' }],
  ])('answers 428 when If-Match is %s', (_, headers) => {
    const error = refusal(headers)

    expect(error).toBeInstanceOf(PreconditionRequiredError)
    expect((error as PreconditionRequiredError).status).toBe(428)
    expect((error as Error).message).toContain('If-Match')
  })

  it.each(['*', ' * '])('reads %s as any current version', (value) => {
    expect(ifMatchVersion({ 'if-match': value })).toBe('any')
  })

  it.each(['W/"3"', ' W/"42" '])('answers 412 to the weak tag %s: If-Match compares strongly', (value) => {
    const error = refusal({ 'if-match': value })

    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect((error as PreconditionFailedError).status).toBe(412)
  })

  it.each(['abc', '"v3"', '-1', '3.5', '"1234567890"', '"3", "4"', '**'])(
    'answers 400 naming the If-Match header for %s',
    (value) => {
      const error = refusal({ 'if-match': value })

      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).status).toBe(400)
      expect((error as ValidationError).errors).toEqual([
        { header: 'If-Match', detail: 'is not an ETag this API issued' },
      ])
    },
  )
})

describe('optionalIfMatchVersion', () => {
  it.each([
    ['absent', {}, undefined],
    ['blank', { 'if-match': ' ' }, undefined],
    ['*', { 'if-match': '*' }, undefined],
    ['"7"', { 'if-match': '"7"' }, 7],
  ])('reads If-Match %s as %s', (_, headers, version) => {
    expect(optionalIfMatchVersion(headers)).toBe(version)
  })

  it('refuses a weak tag with 412', () => {
    expect(() => optionalIfMatchVersion({ 'if-match': 'W/"7"' })).toThrow(PreconditionFailedError)
  })
})
