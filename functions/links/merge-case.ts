import { linkRoutes } from '#src/http/link-routes.ts'
import { caseFields } from '#src/runtime/case-field-dependency.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { caseLinkStore } from '#src/runtime/link-store-dependency.ts'
import { caseMergeStore } from '#src/runtime/merge-store-dependency.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { caseWatcherStore } from '#src/runtime/watcher-store-dependency.ts'
import { mergeCase } from '#src/use-cases/merges/merge-case.ts'
import { presentCase } from '#src/use-cases/present-case.ts'

const deps = lazyDependencies({
  cases: () => caseStore(cursorCodec),
  files: () => fileCatalog(cursorCodec),
  links: caseLinkStore,
  merges: caseMergeStore,
  watchers: caseWatcherStore,
  accounts: directoryReader,
  slaSettings,
  caseFields,
  clock,
  ids,
})

export const handler = idempotentRouteHandler(linkRoutes.mergeCase, async ({ params, body, caller }) => {
  const merged = await mergeCase(params.caseId, body, caller, deps)
  return {
    body: await presentCase(merged, deps, deps.clock.now(), caller.kind),
    headers: { etag: `"${merged.version}"` },
  }
})
