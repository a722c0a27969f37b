import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { putSlaPolicy } from '#src/use-cases/sla.ts'

export const handler = routeHandler(routes.putSlaPolicy, async ({ params, body }) => ({
  body: await putSlaPolicy(params.policyId, body, dependencies()),
}))
