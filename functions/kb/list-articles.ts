import { articleSearchFor } from '#src/adapters/search/article-search.ts'
import { kbRoutes } from '#src/http/kb-routes.ts'
import { articleStore } from '#src/runtime/article-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listArticles } from '#src/use-cases/kb/list-articles.ts'

// One repository serves the list and is the search's corpus (the search keeps its index per corpus).
const stored = lazyDependencies({ articles: () => articleStore(cursorCodec) })
const deps = lazyDependencies({
  articles: () => stored.articles,
  // Built here, not in the runtime: only the search functions carry MiniSearch.
  articleSearch: () => articleSearchFor(stored.articles, cursorCodec),
})

export const handler = routeHandler(kbRoutes.listKbArticles, async ({ query, caller }) => ({
  body: await listArticles(query, caller, deps),
}))
