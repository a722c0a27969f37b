import { kbRoutes } from '#src/http/kb-routes.ts'
import { articleStore } from '#src/runtime/article-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getArticle } from '#src/use-cases/kb/get-article.ts'

const deps = lazyDependencies({ articles: articleStore })

export const handler = routeHandler(kbRoutes.getKbArticle, async ({ params, caller }) => {
  const found = await getArticle(params.articleId, caller, deps)
  return { body: found, headers: { etag: `"${found.version}"` } }
})
