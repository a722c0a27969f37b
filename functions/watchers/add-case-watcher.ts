import { watcherRoutes } from '#src/http/watcher-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { caseWatcherStore } from '#src/runtime/watcher-store-dependency.ts'
import { addCaseWatcher } from '#src/use-cases/watchers/add-case-watcher.ts'

const deps = lazyDependencies({
  cases: caseStore,
  watchers: caseWatcherStore,
  contacts: directoryReader,
  staff: directoryReader,
  clock,
  ids,
})

export const handler = idempotentRouteHandler(
  watcherRoutes.addCaseWatcher,
  async ({ params, body, caller }) => ({
    body: await addCaseWatcher(params.caseId, body, caller, deps),
  }),
)
