import { articleSearchFor } from '#src/adapters/search/article-search.ts'
import { kbRoutes } from '#src/http/kb-routes.ts'
import { articleStore } from '#src/runtime/article-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { noCursors } from '#src/runtime/table-context.ts'
import { suggestArticles } from '#src/use-cases/kb/suggest-articles.ts'

// Suggestions are one short list, never paged: no cursors to sign. Built here, not in the
// runtime: only the search functions carry MiniSearch.
const deps = lazyDependencies({ articleSearch: () => articleSearchFor(articleStore(), noCursors) })

export const handler = routeHandler(kbRoutes.suggestKbArticles, async ({ body }) => ({
  body: { items: await suggestArticles(body, deps) },
}))
