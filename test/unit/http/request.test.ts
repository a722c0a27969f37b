import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { ValidationError } from '#src/domain/errors.ts'
import { parseJsonBody, parseRequestPart } from '#src/http/request.ts'

function thrownBy(action: () => unknown): ValidationError {
  try {
    action()
  } catch (error) {
    if (error instanceof ValidationError) return error
    throw error
  }
  throw new Error('expected a ValidationError')
}

describe('parseJsonBody', () => {
  it('parses a plain JSON body', () => {
    expect(parseJsonBody('{"a":1}', false)).toEqual({ a: 1 })
  })

  it('decodes a base64-encoded body first', () => {
    expect(parseJsonBody(Buffer.from('{"a":"ü"}').toString('base64'), true)).toEqual({ a: 'ü' })
  })

  it('refuses a missing body with a pointer to the whole document', () => {
    expect(thrownBy(() => parseJsonBody(undefined, false)).errors).toEqual([
      { pointer: '', detail: 'is missing' },
    ])
  })

  it('refuses text that is not JSON', () => {
    expect(thrownBy(() => parseJsonBody('{oops', false)).errors).toEqual([
      { pointer: '', detail: 'is not valid JSON' },
    ])
  })
})

describe('parseRequestPart', () => {
  const Body = z.strictObject({ contact: z.object({ 'e/mail~x': z.email() }), tags: z.array(z.string()) })

  it('returns the parsed value when it is valid', () => {
    const value = { contact: { 'e/mail~x': 'a@b.example' }, tags: ['x'] }

    expect(parseRequestPart(Body, value, 'body')).toEqual(value)
  })

  it('points into nested body fields, escaping ~ and / as RFC 6901 requires', () => {
    const error = thrownBy(() =>
      parseRequestPart(Body, { contact: { 'e/mail~x': 'nope' }, tags: ['x'] }, 'body'),
    )

    expect(error.errors).toEqual([{ pointer: '/contact/e~1mail~0x', detail: expect.any(String) }])
  })

  it('points at an array element by index', () => {
    const error = thrownBy(() =>
      parseRequestPart(Body, { contact: { 'e/mail~x': 'a@b.example' }, tags: ['x', 7] }, 'body'),
    )

    expect(error.errors).toEqual([{ pointer: '/tags/1', detail: expect.any(String) }])
  })

  it('names query parameters instead of pointing into a body', () => {
    const error = thrownBy(() =>
      parseRequestPart(z.object({ limit: z.coerce.number().max(5) }), { limit: '9' }, 'query'),
    )

    expect(error.errors).toEqual([{ parameter: 'limit', detail: expect.any(String) }])
  })
})
