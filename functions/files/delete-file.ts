import { fileRoutes } from '#src/http/file-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { fileStore } from '#src/runtime/file-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { deleteFile } from '#src/use-cases/files/delete-file.ts'

const deps = lazyDependencies({ cases: caseStore, files: fileCatalog, fileStore, clock, ids })

export const handler = routeHandler(fileRoutes.deleteFile, async ({ params, caller }) => ({
  body: await deleteFile(params.caseId, params.fileId, caller, deps),
}))
