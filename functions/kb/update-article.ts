import { ifMatchVersion } from '#src/http/preconditions.ts'
import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { updateArticle } from '#src/use-cases/kb/update-article.ts'

export const handler = routeHandler(routes.updateKbArticle, async ({ params, headers, body, caller }) => {
  const updated = await updateArticle(params.articleId, ifMatchVersion(headers), body, caller, dependencies())
  return { body: updated, headers: { etag: `"${updated.version}"` } }
})
