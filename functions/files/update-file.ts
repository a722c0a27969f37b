import { fileRoutes } from '#src/http/file-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { fileRules } from '#src/runtime/file-rules.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { updateFile } from '#src/use-cases/files/update-file.ts'

const deps = lazyDependencies({ cases: caseStore, files: fileCatalog, fileRules, clock, ids })

export const handler = routeHandler(fileRoutes.updateFile, async ({ params, body, caller }) => ({
  body: await updateFile(params.caseId, params.fileId, body, caller, deps),
}))
