import { kbRoutes } from '#src/http/kb-routes.ts'
import { ifMatchVersion } from '#src/http/preconditions.ts'
import { articleStore } from '#src/runtime/article-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { updateArticle } from '#src/use-cases/kb/update-article.ts'

const deps = lazyDependencies({ articles: articleStore, clock })

export const handler = routeHandler(kbRoutes.updateKbArticle, async ({ params, headers, body, caller }) => {
  const updated = await updateArticle(params.articleId, ifMatchVersion(headers), body, caller, deps)
  return { body: updated, headers: { etag: `"${updated.version}"` } }
})
