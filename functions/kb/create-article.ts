import { kbRoutes } from '#src/http/kb-routes.ts'
import { articleStore } from '#src/runtime/article-store-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { createArticle } from '#src/use-cases/kb/create-article.ts'

const deps = lazyDependencies({ articles: articleStore, clock, ids })

export const handler = idempotentRouteHandler(kbRoutes.createKbArticle, async ({ body, caller }) => {
  const created = await createArticle(body, caller, deps)
  return {
    body: created,
    headers: { location: `/v1/kb/articles/${created.id}`, etag: `"${created.version}"` },
  }
})
