import { describe, expect, it } from 'vitest'
import { allowedMethods, routePathPattern } from '#src/http/route-paths.ts'
import { routeList } from '#src/http/routes.ts'

describe('routePathPattern', () => {
  it('matches one segment per parameter and names them in order', () => {
    const { pattern, names } = routePathPattern('/v1/cases/{caseId}/files/{fileId}')

    expect(names).toEqual(['caseId', 'fileId'])
    expect(pattern.exec('/v1/cases/c-1/files/f-2')?.slice(1)).toEqual(['c-1', 'f-2'])
    expect(pattern.test('/v1/cases/c-1/files/f-2/more')).toBe(false)
  })

  it('lets a greedy parameter take the rest of the path', () => {
    expect(routePathPattern('/docs/{asset+}').pattern.test('/docs/fonts/a.woff2')).toBe(true)
  })
})

describe('allowedMethods', () => {
  it('lists every method the route table has for a path, in a fixed order, and HEAD with GET', () => {
    expect(allowedMethods(routeList, '/v1/cases/case-1')).toEqual(['GET', 'HEAD', 'PATCH'])
    expect(allowedMethods(routeList, '/v1/cases')).toEqual(['GET', 'HEAD', 'POST'])
    expect(allowedMethods(routeList, '/v1/cases/case-1/transitions')).not.toContain('HEAD')
  })

  it('lists none for a path no route has', () => {
    expect(allowedMethods(routeList, '/v1/nothing-here')).toEqual([])
  })
})
