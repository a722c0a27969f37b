import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { addComment } from '#src/use-cases/comments.ts'

export const handler = idempotentRouteHandler(routes.addComment, async ({ params, body, caller }) => {
  const comment = await addComment(params.caseId, body, caller, dependencies())
  return { body: comment, headers: { location: `/v1/cases/${params.caseId}/comments/${comment.id}` } }
})
