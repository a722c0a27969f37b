import { createHash } from 'node:crypto'
import { ifNoneMatchMatches } from '#src/http/conditional-requests.ts'
import { docsRoutes } from '#src/http/docs-routes.ts'
import { publicHttpHandler } from '#src/http/http-handler.ts'
import { localServer } from '#src/http/local-server-url.ts'
import { requestOrigin } from '#src/http/request-origin.ts'
import generatedDocument from '../../docs/openapi.json' with { type: 'json' }

/**
 * The document `npm run openapi` generated from the route table, bundled as data: building it here
 * would construct every route's schemas at each cold start (docs/performance.md). A unit test keeps
 * the committed file equal to what the route table generates, so it cannot drift from the routes.
 */
const document: Record<string, unknown> = generatedDocument

/**
 * `GET /openapi.json`: the document, with this API first among its servers so "try it" calls it,
 * then the local runtime. The committed document's templated deployment server gives way to it:
 * a reader of a deployment's reference needs that deployment's URL, not a template to fill in.
 */
export const handler = publicHttpHandler(docsRoutes.getOpenApiDocument, async ({ headers }) => {
  const origin = requestOrigin(headers)
  const servers =
    origin && origin !== localServer.url
      ? [{ url: origin, description: 'This API' }, localServer]
      : [localServer]
  const body = { ...document, servers }
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`
  // Revalidate every time (the document changes with each deployment); a match costs no body.
  const caching = { etag, 'cache-control': 'no-cache' }
  if (ifNoneMatchMatches(headers['if-none-match'], etag)) return { status: 304, headers: caching }
  return { body, headers: caching }
})
