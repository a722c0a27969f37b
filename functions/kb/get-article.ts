import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getArticle } from '#src/use-cases/kb/get-article.ts'

export const handler = routeHandler(routes.getKbArticle, async ({ params, caller }) => {
  const found = await getArticle(params.articleId, caller, dependencies())
  return { body: found, headers: { etag: `"${found.version}"` } }
})
