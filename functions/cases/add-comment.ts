import { commentRoutes } from '#src/http/comment-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { addComment } from '#src/use-cases/comments.ts'

const deps = lazyDependencies({ cases: caseStore, accounts: directoryReader, slaSettings, clock, ids })

export const handler = idempotentRouteHandler(commentRoutes.addComment, async ({ params, body, caller }) => {
  const comment = await addComment(params.caseId, body, caller, deps)
  return {
    body: comment, // No route reads one comment: Location names the case's comments, where it is listed.
    headers: { location: `/v1/cases/${params.caseId}/comments` },
  }
})
