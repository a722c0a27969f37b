import { linkRoutes } from '#src/http/link-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { caseLinkStore } from '#src/runtime/link-store-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listCaseLinks } from '#src/use-cases/links/list-case-links.ts'

const deps = lazyDependencies({ cases: caseStore, links: () => caseLinkStore(cursorCodec) })

export const handler = routeHandler(linkRoutes.listCaseLinks, async ({ params, query, caller }) => ({
  body: await listCaseLinks(params.caseId, query, caller, deps),
}))
