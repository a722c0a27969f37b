import { CaseView } from '#src/domain/case.ts'
import { defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import { CreateCaseBody, EscalationBody, TransitionBody } from './schemas/cases.ts'
import { CaseIdParams } from './schemas/common.ts'

/**
 * Filing and changing cases: create, move through the lifecycle, escalate (the edit is apart,
 * case-update-routes.ts). A group of its own,
 * so that reading functions do not build these bodies at cold start (docs/performance.md);
 * `caseRoutes` (case-routes.ts) gathers the groups.
 */
export const caseWriteRoutes = {
  createCase: defineRoute({
    operationId: 'createCase',
    method: 'POST',
    path: '/v1/cases',
    handler: 'cases/create-case',
    access: everyRole,
    summary: 'File a new case',
    idempotent: true,
    request: { body: CreateCaseBody },
    response: { status: 201, body: CaseView },
  }),
  transitionCase: defineRoute({
    operationId: 'transitionCase',
    method: 'POST',
    path: '/v1/cases/{caseId}/transitions',
    handler: 'cases/transition-case',
    access: everyRole,
    summary:
      'Move a case through its lifecycle (acknowledge, start, request_info, propose_solution, close, cancel, reopen)',
    idempotent: true,
    request: { params: CaseIdParams, body: TransitionBody },
    response: { status: 200, body: CaseView },
  }),
  escalateCase: defineRoute({
    operationId: 'escalateCase',
    method: 'POST',
    path: '/v1/cases/{caseId}/escalations',
    handler: 'cases/escalate-case',
    access: everyRole,
    summary: 'Escalate a case one level, with a reason',
    idempotent: true,
    request: { params: CaseIdParams, body: EscalationBody },
    response: { status: 200, body: CaseView },
  }),
} satisfies Record<string, RouteDefinition>
