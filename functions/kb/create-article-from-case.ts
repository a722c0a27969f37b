import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { createArticleFromCase } from '#src/use-cases/kb/create-article-from-case.ts'

export const handler = idempotentRouteHandler(routes.createKbArticleFromCase, async ({ params, caller }) => {
  const created = await createArticleFromCase(params.caseId, caller, dependencies())
  return {
    body: created,
    headers: { location: `/v1/kb/articles/${created.id}`, etag: `"${created.version}"` },
  }
})
