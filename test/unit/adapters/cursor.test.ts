import { describe, expect, it } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { ValidationError } from '#src/domain/errors.ts'

const secret = 'unit-test-cursor-secret-0123456789abcdef'
const context = 'cases|account:acme|status:|severity:'
const position = { partition: 'ACCOUNT#acme', key: { pk: 'CASE#c1', sk: 'CASE' } }

/** Runs `decode` and returns what it threw, so each test can check the error it got. */
function decodeError(cursor: string, queryContext = context, codecSecret = secret): unknown {
  try {
    createCursorCodec(codecSecret).decode(cursor, queryContext)
  } catch (error) {
    return error
  }
  throw new Error('decode accepted the cursor')
}

/** Replaces the character at `index` with a different base64url character. */
function flipCharacter(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A'
  return text.slice(0, index) + replacement + text.slice(index + 1)
}

function expectRefusedCursor(error: unknown): void {
  expect(error).toBeInstanceOf(ValidationError)
  expect((error as ValidationError).status).toBe(400)
  expect((error as ValidationError).errors).toEqual([expect.objectContaining({ parameter: 'cursor' })])
}

describe('cursor codec', () => {
  it('decodes the position it encoded for the same query', () => {
    const codec = createCursorCodec(secret)

    const cursor = codec.encode(position, context)

    expect(codec.decode(cursor, context)).toEqual(position)
  })

  it('gives clients a URL-safe cursor', () => {
    const cursor = createCursorCodec(secret).encode(position, context)

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  })

  it('refuses a cursor whose payload was edited', () => {
    // Arrange
    const cursor = createCursorCodec(secret).encode(position, context)
    const [, signature] = cursor.split('.')
    const forgedPayload = Buffer.from(JSON.stringify({ ...position, partition: 'ACCOUNT#globex' })).toString(
      'base64url',
    )

    // Act
    const error = decodeError(`${forgedPayload}.${signature}`)

    // Assert
    expectRefusedCursor(error)
  })

  it('refuses a cursor whose signature was edited', () => {
    const cursor = createCursorCodec(secret).encode(position, context)
    const [payload, signature = ''] = cursor.split('.')

    const error = decodeError(`${payload}.${flipCharacter(signature, 0)}`)

    expectRefusedCursor(error)
  })

  it.each([
    ['no separator', 'not-a-cursor'],
    ['an empty signature', 'eyJhIjoxfQ.'],
    ['an empty payload', '.c2lnbmF0dXJl'],
    ['extra segments', 'a.b.c'],
    ['characters outside base64url', '!!!.???'],
  ])('refuses garbage (%s)', (_, garbage) => {
    expectRefusedCursor(decodeError(garbage))
  })

  it('refuses a cursor replayed with another query context', () => {
    const cursor = createCursorCodec(secret).encode(position, context)

    const error = decodeError(cursor, 'cases|account:globex|status:|severity:')

    expectRefusedCursor(error)
  })

  it('refuses a cursor signed with another secret', () => {
    const cursor = createCursorCodec('another-secret-0123456789abcdefghijkl').encode(position, context)

    expectRefusedCursor(decodeError(cursor))
  })
})
