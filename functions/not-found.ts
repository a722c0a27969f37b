import { NotFoundError } from '#src/domain/errors.ts'
import type { HttpEvent, HttpResult } from '#src/http/http-handler.ts'
import { problemResponse } from '#src/http/problem.ts'

/** The API's `$default` route: any unknown method or path gets a problem document, like every other error. */
export const handler = async (event: HttpEvent): Promise<HttpResult> =>
  problemResponse(
    new NotFoundError(`There is no route ${event.requestContext.http.method} ${event.rawPath}.`),
  )
