import { linkRoutes } from '#src/http/link-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { caseLinkStore } from '#src/runtime/link-store-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { linkCases } from '#src/use-cases/links/link-cases.ts'

const deps = lazyDependencies({ cases: caseStore, links: caseLinkStore, clock, ids })

export const handler = idempotentRouteHandler(
  linkRoutes.createCaseLink,
  async ({ params, body, caller }) => ({
    body: await linkCases(params.caseId, body, caller, deps),
  }),
)
