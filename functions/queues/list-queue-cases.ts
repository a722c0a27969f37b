import { createCaseLabelLists } from '#src/adapters/dynamodb/case-label-lists.ts'
import { queueRoutes } from '#src/http/queue-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { queueCatalogue } from '#src/runtime/queue-catalogue-dependency.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock } from '#src/runtime/table-context.ts'
import { listQueueCases } from '#src/use-cases/list-queue-cases.ts'
import { presentCases } from '#src/use-cases/present-case.ts'

const deps = lazyDependencies({
  cases: () => caseStore(cursorCodec, createCaseLabelLists),
  queues: queueCatalogue,
  slaSettings,
  caseFields,
  clock,
})

export const handler = routeHandler(queueRoutes.listQueueCases, async ({ params, query }) => {
  const page = await listQueueCases(params.queue, query, deps)
  return {
    body: {
      items: await presentCases(page.items, deps, deps.clock.now(), 'staff'),
      nextCursor: page.nextCursor,
    },
  }
})
