import { watcherRoutes } from '#src/http/watcher-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { caseWatcherStore } from '#src/runtime/watcher-store-dependency.ts'
import { listCaseWatchers } from '#src/use-cases/watchers/list-case-watchers.ts'

const deps = lazyDependencies({ cases: caseStore, watchers: caseWatcherStore })

export const handler = routeHandler(watcherRoutes.listCaseWatchers, async ({ params, caller }) => ({
  body: await listCaseWatchers(params.caseId, caller, deps),
}))
