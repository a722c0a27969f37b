import { describe, expect, it } from 'vitest'
import { ifNoneMatchMatches, notModifiedHeaders } from '#src/http/conditional-requests.ts'

describe('ifNoneMatchMatches', () => {
  it.each([
    ['the same tag', '"3"', '"3"'],
    ['a weak tag for a strong one (weak comparison)', 'W/"3"', '"3"'],
    ['a strong tag for a weak one', '"3"', 'W/"3"'],
    ['one tag of a list', '"1", W/"3" , "7"', '"3"'],
    ['*, any current representation', '*', '"12"'],
    ['with blanks around', '  "3"  ', '"3"'],
  ])('matches %s', (_, ifNoneMatch, etag) => {
    expect(ifNoneMatchMatches(ifNoneMatch, etag)).toBe(true)
  })

  it.each([
    ['another version', '"2"', '"3"'],
    ['a list without the version', '"1", "2"', '"3"'],
    ['an unquoted number', '3', '"3"'],
    ['no header', undefined, '"3"'],
    ['a response without an ETag', '*', undefined],
  ])('does not match %s', (_, ifNoneMatch, etag) => {
    expect(ifNoneMatchMatches(ifNoneMatch, etag)).toBe(false)
  })
})

describe('notModifiedHeaders', () => {
  it('keeps the headers of the 200 but its content type', () => {
    expect(
      notModifiedHeaders({ etag: '"3"', 'cache-control': 'no-cache', 'Content-Type': 'application/json' }),
    ).toEqual({ etag: '"3"', 'cache-control': 'no-cache' })
  })
})
