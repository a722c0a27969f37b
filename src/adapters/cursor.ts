import { createHmac, timingSafeEqual } from 'node:crypto'
import { ValidationError } from '#src/domain/errors.ts'

/**
 * Opaque, tamper-proof pagination cursors: the position (a DynamoDB key) is signed with HMAC-SHA256
 * together with the query it belongs to. A cursor that was edited, forged, or replayed against
 * other filters or another caller's scope is refused with a 400 instead of reading anything.
 */
export interface CursorCodec {
  encode(position: unknown, queryContext: string): string
  decode(cursor: string, queryContext: string): unknown
}

const invalidCursor = () =>
  new ValidationError('The cursor is not valid for this query. Start again without a cursor.', [
    { parameter: 'cursor', detail: 'is not a cursor issued for this query' },
  ])

export function createCursorCodec(secret: string): CursorCodec {
  const sign = (payload: string, queryContext: string) =>
    createHmac('sha256', secret).update(queryContext).update('\n').update(payload).digest()

  return {
    encode(position, queryContext) {
      const payload = Buffer.from(JSON.stringify(position)).toString('base64url')
      return `${payload}.${sign(payload, queryContext).toString('base64url')}`
    },
    decode(cursor, queryContext) {
      const [payload, signature, ...rest] = cursor.split('.')
      if (!payload || !signature || rest.length > 0) throw invalidCursor()
      // Compare the canonical text, so exactly one spelling of a signature is valid.
      const expected = Buffer.from(sign(payload, queryContext).toString('base64url'))
      const given = Buffer.from(signature)
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor()
      try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
      } catch {
        throw invalidCursor()
      }
    },
  }
}
