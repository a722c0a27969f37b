import { routePathPattern } from '#src/http/route-paths.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'

export interface RouteMatch {
  route: RouteDefinition
  pathParameters: Record<string, string>
}

interface CompiledRoute {
  route: RouteDefinition
  pattern: RegExp
  names: string[]
  parameterCount: number
}

function compile(route: RouteDefinition): CompiledRoute {
  const { pattern, names } = routePathPattern(route.path)
  return { route, pattern, names, parameterCount: names.length }
}

/**
 * Matches requests to the route table the way API Gateway does: the most specific route wins
 * (fewer path parameters first), path parameters are URL-decoded.
 */
export function createRouter(routes: readonly RouteDefinition[]) {
  const compiled = routes.map(compile).sort((a, b) => a.parameterCount - b.parameterCount)
  return {
    match(method: string, path: string): RouteMatch | undefined {
      for (const candidate of compiled) {
        if (candidate.route.method !== method) continue
        const found = candidate.pattern.exec(path)
        if (!found) continue
        try {
          const pathParameters = Object.fromEntries(
            candidate.names.map((name, i) => [name, decodeURIComponent(found[i + 1] as string)]),
          )
          return { route: candidate.route, pathParameters }
        } catch {
          return undefined // malformed percent-encoding: no route, as API Gateway answers
        }
      }
      return undefined
    },
  }
}
