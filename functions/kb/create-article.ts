import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { createArticle } from '#src/use-cases/kb/create-article.ts'

export const handler = idempotentRouteHandler(routes.createKbArticle, async ({ body, caller }) => {
  const created = await createArticle(body, caller, dependencies())
  return {
    body: created,
    headers: { location: `/v1/kb/articles/${created.id}`, etag: `"${created.version}"` },
  }
})
