import { caseFieldRoutes } from '#src/http/case-field-routes.ts'
import { caseFieldAdmin } from '#src/runtime/case-field-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock } from '#src/runtime/table-context.ts'
import { createCaseField } from '#src/use-cases/case-fields.ts'

const deps = lazyDependencies({ fieldAdmin: caseFieldAdmin, clock })

export const handler = idempotentRouteHandler(caseFieldRoutes.createCaseField, async ({ body }) => {
  const field = await createCaseField(body, deps)
  return {
    body: field, // No route reads one field: Location names the catalogue, where it is listed.
    headers: { location: '/v1/case-fields' },
  }
})
