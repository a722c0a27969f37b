import { createCaseLabelLists } from '#src/adapters/dynamodb/case-label-lists.ts'
import { caseReadRoutes } from '#src/http/case-read-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { listCases } from '#src/use-cases/list-cases.ts'
import { presentCases } from '#src/use-cases/present-case.ts'

const deps = lazyDependencies({
  cases: () => caseStore(cursorCodec, createCaseLabelLists),
  slaSettings,
  caseFields,
  clock,
})

export const handler = routeHandler(caseReadRoutes.listCases, async ({ query, caller }) => {
  const page = await listCases(query, caller, deps)
  return {
    body: {
      items: await presentCases(page.cases, deps, deps.clock.now(), caller.kind),
      nextCursor: page.nextCursor,
    },
  }
})
