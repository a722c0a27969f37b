import type { HttpMethod, RouteDefinition } from './route-table.ts'

/** A route's path as a pattern, and the names of its path parameters in order. */
export interface RoutePathPattern {
  pattern: RegExp
  names: string[]
}

/**
 * The pattern of an API Gateway route path: `{name}` matches one segment, `{name+}` (greedy) the
 * rest of the path.
 */
export function routePathPattern(path: string): RoutePathPattern {
  const names: string[] = []
  const source = path
    .split('/')
    .map((segment) => {
      const parameter = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment)
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(parameter[1] as string)
      return parameter[2] ? '(.+)' : '([^/]+)'
    })
    .join('/')
  return { pattern: new RegExp(`^${source}$`), names }
}

const methodOrder = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * The methods the route table has for a request path, for `Allow` on a 405; empty when no route has
 * the path at all (a 404). A path with GET also answers HEAD (docs/architecture.md, API conventions).
 */
export function allowedMethods(routes: readonly RouteDefinition[], path: string): (HttpMethod | 'HEAD')[] {
  const methods = new Set<HttpMethod | 'HEAD'>(
    routes.filter((route) => routePathPattern(route.path).pattern.test(path)).map((route) => route.method),
  )
  if (methods.has('GET')) methods.add('HEAD')
  return methodOrder.filter((method) => methods.has(method))
}
