import { CaseView } from '#src/domain/case.ts'
import { defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import { UpdateCaseBody } from './schemas/case-update.ts'
import { CaseIdParams } from './schemas/common.ts'

/**
 * Editing a case (`PATCH`). A group of its own, so that the edit function builds none of the filing
 * and lifecycle bodies at cold start (its bundle is the largest over its floor, docs/performance.md);
 * `caseRoutes` (case-routes.ts) gathers the groups.
 */
export const caseUpdateRoutes = {
  updateCase: defineRoute({
    operationId: 'updateCase',
    method: 'PATCH',
    path: '/v1/cases/{caseId}',
    handler: 'cases/update-case',
    access: everyRole,
    summary:
      'Edit a case (If-Match required): customers its details while new or open, staff severity, priority, assignee, queue, tier',
    rules: [
      'Customers change only the descriptive fields, and only while the case is `new` or `open` (409 after); `severity`, `priority`, `assigneeId`, `queue`, `tier` and `tags` are support staff’s (403).',
      'A case that is or becomes `urgent` or `critical` needs an `impact` statement (400 pointing at `/impact`).',
      'An assignee must be an active staff member, and a queue one of the configured queues (400).',
      'A closed or cancelled case can no longer be edited (409).',
    ],
    request: { params: CaseIdParams, body: UpdateCaseBody },
    response: { status: 200, body: CaseView },
  }),
} satisfies Record<string, RouteDefinition>
