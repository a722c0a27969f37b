import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allowedMethods } from '#src/http/route-paths.ts'
import { routeList } from '#src/http/routes.ts'

/** Every `location:` a handler in functions/ sets, with each `${…}` as a sample segment. */
function locationsSetByHandlers(): { file: string; path: string }[] {
  const root = join(import.meta.dirname, '../../../functions')
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.ts'),
  )
  return files.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/location: [`'](\/[^`']*)[`']/g)].map((found) => ({
      file,
      path: (found[1] as string).replace(/\$\{[^}]+\}/g, 'sample'),
    })),
  )
}

describe('Location headers', () => {
  const locations = locationsSetByHandlers()

  it('are set by the creating handlers', () => {
    expect(locations.length).toBeGreaterThanOrEqual(8)
  })

  it.each(locations)('$file: Location $path names a route a client can GET', ({ path }) => {
    expect(allowedMethods(routeList, path)).toContain('GET')
  })
})
