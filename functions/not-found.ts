import { MethodNotAllowedError, NotFoundError } from '#src/domain/errors.ts'
import type { HttpEvent, HttpResult } from '#src/http/http-handler.ts'
import { problemResponse } from '#src/http/problem.ts'
import { allowedMethods } from '#src/http/route-paths.ts'
import { routeList } from '#src/http/routes.ts'

/**
 * The API's `$default` route: any request no route takes gets a problem document, like every other
 * error. A known path with another method is 405 with `Allow` from the route table; anything else 404.
 */
export const handler = async (event: HttpEvent): Promise<HttpResult> => {
  const { method } = event.requestContext.http
  const allowed = allowedMethods(routeList, event.rawPath)
  return problemResponse(
    allowed.length > 0
      ? new MethodNotAllowedError(method, event.rawPath, allowed)
      : new NotFoundError(`There is no route ${method} ${event.rawPath}.`),
  )
}
