import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getCaseSla } from '#src/use-cases/sla.ts'

export const handler = routeHandler(routes.getCaseSla, async ({ params, caller }) => ({
  body: await getCaseSla(params.caseId, caller, dependencies()),
}))
