import { describe, expect, it } from 'vitest'
import { requestOrigin, withAbsoluteLocation } from '#src/http/request-origin.ts'

describe('requestOrigin', () => {
  it.each([
    [{ host: 'api.example.com', 'x-forwarded-proto': 'https' }, 'https://api.example.com'],
    [{ host: 'api.example.com' }, 'https://api.example.com'],
    [{ host: 'localhost:3300' }, 'http://localhost:3300'],
    [{ host: 'evil.example/path' }, undefined],
    [{}, undefined],
  ])('reads %o as %s', (headers, origin) => {
    expect(requestOrigin(headers)).toBe(origin)
  })
})

describe('withAbsoluteLocation', () => {
  it('puts the origin in front of a path-only Location', () => {
    expect(
      withAbsoluteLocation({ location: '/v1/cases/c-1', etag: '"1"' }, { host: 'api.example.com' }),
    ).toEqual({
      location: 'https://api.example.com/v1/cases/c-1',
      etag: '"1"',
    })
  })

  it('leaves headers without a Location, or without a usable Host, as they are', () => {
    expect(withAbsoluteLocation({ etag: '"1"' }, { host: 'api.example.com' })).toEqual({ etag: '"1"' })
    expect(withAbsoluteLocation({ location: '/v1/cases/c-1' }, {})).toEqual({ location: '/v1/cases/c-1' })
  })
})
