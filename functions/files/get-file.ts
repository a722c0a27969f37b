import { fileRoutes } from '#src/http/file-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { fileRules } from '#src/runtime/file-rules.ts'
import { fileStore } from '#src/runtime/file-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { getFile } from '#src/use-cases/files/get-file.ts'

const deps = lazyDependencies({ cases: caseStore, files: fileCatalog, fileStore, fileRules })

export const handler = routeHandler(fileRoutes.getFile, async ({ params, caller }) => ({
  body: await getFile(params.caseId, params.fileId, caller, deps),
  // The body carries a signed link: no cache may keep it.
  headers: { 'cache-control': 'no-store' },
}))
