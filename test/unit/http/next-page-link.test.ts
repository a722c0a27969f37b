import { describe, expect, it } from 'vitest'
import { nextPageLink } from '#src/http/next-page-link.ts'

describe('nextPageLink', () => {
  it('names the next page as a web link with the cursor and limit in its query', () => {
    // Act
    const link = nextPageLink('/v1/accounts/acme/contacts/c-1/export', 'eyJwIjoxfQ.sig-_', 50)

    // Assert
    expect(link).toBe('</v1/accounts/acme/contacts/c-1/export?cursor=eyJwIjoxfQ.sig-_&limit=50>; rel="next"')
  })

  it('escapes what a URL query cannot carry as it is', () => {
    // Act
    const link = nextPageLink('/v1/x', 'a+b/c=d')

    // Assert
    expect(link).toBe('</v1/x?cursor=a%2Bb%2Fc%3Dd>; rel="next"')
  })
})
