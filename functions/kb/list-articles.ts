import { articleSearchFor } from '#src/adapters/search/article-search.ts'
import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listArticles } from '#src/use-cases/kb/list-articles.ts'

export const handler = routeHandler(routes.listKbArticles, async ({ query, caller }) => {
  const deps = dependencies()
  // The search is built here, not in the runtime's dependencies: only the search functions carry MiniSearch.
  const articleSearch = articleSearchFor(deps.articles, deps.kbCursors)
  return { body: await listArticles(query, caller, { ...deps, articleSearch }) }
})
