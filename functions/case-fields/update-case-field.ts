import { caseFieldRoutes } from '#src/http/case-field-routes.ts'
import { caseFieldAdmin } from '#src/runtime/case-field-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { updateCaseField } from '#src/use-cases/case-fields.ts'

const deps = lazyDependencies({ fieldAdmin: caseFieldAdmin, clock })

export const handler = routeHandler(caseFieldRoutes.updateCaseField, async ({ params, body }) => ({
  body: await updateCaseField(params.fieldKey, body, deps),
}))
