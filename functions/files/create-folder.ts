import { fileRoutes } from '#src/http/file-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { createFolder } from '#src/use-cases/files/create-folder.ts'

const deps = lazyDependencies({ cases: caseStore, files: fileCatalog, clock, ids })

export const handler = idempotentRouteHandler(fileRoutes.createFolder, async ({ params, body, caller }) => ({
  body: await createFolder(params.caseId, body, caller, deps),
}))
