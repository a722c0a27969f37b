import { watcherRoutes } from '#src/http/watcher-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { caseWatcherStore } from '#src/runtime/watcher-store-dependency.ts'
import { removeCaseWatcher } from '#src/use-cases/watchers/remove-case-watcher.ts'

const deps = lazyDependencies({ cases: caseStore, watchers: caseWatcherStore, clock, ids })

export const handler = routeHandler(watcherRoutes.removeCaseWatcher, async ({ params, caller }) => ({
  body: await removeCaseWatcher(params.caseId, params.userId, caller, deps),
}))
