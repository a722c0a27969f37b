import { kbRoutes } from '#src/http/kb-routes.ts'
import { articleStore } from '#src/runtime/article-store-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { createArticleFromCase } from '#src/use-cases/kb/create-article-from-case.ts'

const deps = lazyDependencies({
  cases: caseStore,
  accounts: directoryReader,
  articles: articleStore,
  clock,
  ids,
})

export const handler = idempotentRouteHandler(
  kbRoutes.createKbArticleFromCase,
  async ({ params, caller }) => {
    const created = await createArticleFromCase(params.caseId, caller, deps)
    return {
      body: created,
      headers: { location: `/v1/kb/articles/${created.id}`, etag: `"${created.version}"` },
    }
  },
)
