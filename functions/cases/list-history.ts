import { commentRoutes } from '#src/http/comment-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listHistory } from '#src/use-cases/list-history.ts'

const deps = lazyDependencies({ cases: () => caseStore(cursorCodec), caseFields })

export const handler = routeHandler(commentRoutes.listHistory, async ({ params, query, caller }) => ({
  body: await listHistory(params.caseId, query, caller, deps),
}))
