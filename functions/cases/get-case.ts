import { httpHandler } from '#src/http/http-handler.ts'
import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { getCase } from '#src/use-cases/get-case.ts'

export const handler = httpHandler(routes.getCase, async ({ params, caller }) => {
  const found = await getCase(params.caseId, caller, dependencies())
  return { body: found, headers: { etag: `"${found.version}"` } }
})
