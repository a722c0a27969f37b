import { fileRoutes } from '#src/http/file-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { listFileTree } from '#src/use-cases/files/list-file-tree.ts'

const deps = lazyDependencies({ cases: caseStore, files: () => fileCatalog(cursorCodec) })

export const handler = routeHandler(fileRoutes.listFiles, async ({ params, query, caller }) => ({
  body: await listFileTree(params.caseId, query, caller, deps),
}))
