import { fileRoutes } from '#src/http/file-routes.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { fileRules } from '#src/runtime/file-rules.ts'
import { fileStore } from '#src/runtime/file-store-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { requestUpload } from '#src/use-cases/files/request-upload.ts'

const deps = lazyDependencies({ cases: caseStore, files: fileCatalog, fileStore, fileRules, clock, ids })

export const handler = idempotentRouteHandler(
  fileRoutes.createFileUpload,
  async ({ params, body, caller }) => {
    const created = await requestUpload(params.caseId, body, caller, deps)
    return {
      body: created,
      headers: { location: `/v1/cases/${params.caseId}/files/${created.file.id}` },
    }
  },
)
