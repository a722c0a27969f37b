import { caseFieldRoutes } from '#src/http/case-field-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listCaseFields } from '#src/use-cases/case-fields.ts'

const deps = lazyDependencies({ caseFields })

export const handler = routeHandler(caseFieldRoutes.listCaseFields, async ({ caller }) => ({
  body: { items: await listCaseFields(caller, deps) },
}))
