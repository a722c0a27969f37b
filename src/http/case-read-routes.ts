import { CaseView } from '#src/domain/case.ts'
import { defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import { CaseList, ListCasesQuery } from './schemas/case-lists.ts'
import { CaseIdParams } from './schemas/common.ts'

/**
 * Reading cases: one case, and the list of an account's cases. A function imports only its group
 * of case routes, so that it builds no other group's schemas at cold start (docs/performance.md);
 * `caseRoutes` (case-routes.ts) gathers the groups.
 */
export const caseReadRoutes = {
  getCase: defineRoute({
    operationId: 'getCase',
    method: 'GET',
    path: '/v1/cases/{caseId}',
    handler: 'cases/get-case',
    access: everyRole,
    summary: 'Read one case',
    request: { params: CaseIdParams },
    response: { status: 200, body: CaseView },
  }),
  listCases: defineRoute({
    operationId: 'listCases',
    method: 'GET',
    path: '/v1/cases',
    handler: 'cases/list-cases',
    access: everyRole,
    summary: 'List cases, newest first',
    rules: [
      'Customers see their own account’s cases only: `accountId` of another account, `assignee` and `tag` are refused (403).',
      'At most one of `tag` and `field` per request (400); customers filter only by active, customer-visible custom fields.',
    ],
    request: { query: ListCasesQuery },
    response: { status: 200, body: CaseList },
  }),
} satisfies Record<string, RouteDefinition>
