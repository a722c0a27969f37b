import { commentRoutes } from '#src/http/comment-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listComments } from '#src/use-cases/comments.ts'

const deps = lazyDependencies({ cases: () => caseStore(cursorCodec) })

export const handler = routeHandler(commentRoutes.listComments, async ({ params, query, caller }) => ({
  body: await listComments(params.caseId, query, caller, deps),
}))
