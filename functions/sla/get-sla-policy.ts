import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getSlaPolicy } from '#src/use-cases/sla.ts'

export const handler = routeHandler(routes.getSlaPolicy, async ({ params }) => ({
  body: await getSlaPolicy(params.policyId, dependencies()),
}))
