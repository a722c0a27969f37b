import { linkRoutes } from '#src/http/link-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { caseLinkStore } from '#src/runtime/link-store-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { unlinkCases } from '#src/use-cases/links/unlink-cases.ts'

const deps = lazyDependencies({ cases: caseStore, links: caseLinkStore, clock, ids })

export const handler = routeHandler(linkRoutes.deleteCaseLink, async ({ params, caller }) => ({
  body: await unlinkCases(params.caseId, params.linkId, caller, deps),
}))
