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
    rules: [
      'An `urgent` or `critical` case needs an `impact` statement (400 pointing at `/impact`).',
      'Only support staff set `priority`; customers get the one their severity implies (a customer sending it: 400 pointing at `/priority`).',
      'Support staff file on behalf of a contact and must name it in `contactId` (400 without it, or when it is not an active contact).',
      'A customer files for themselves or, with `contactId`, for an active colleague of their own account (400 otherwise); a deactivated or unregistered contact may not file (403).',
      'Custom field values must fit the active field catalogue, and the fields the case type requires must have one (400 naming each).',
    ],
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
    rules: [
      'Which actions a caller may take depends on the case’s status and the caller’s side: support staff `acknowledge`, `start`, `request_info`, `propose_solution` and `close`; the customer `close`s (confirming a proposed solution), `cancel`s and `reopen`s. An action the role may not take is 403; one the status does not allow is 409, naming the allowed actions.',
    ],
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
    rules: ['A closed or cancelled case, or one already at the highest level, cannot be escalated (409).'],
    request: { params: CaseIdParams, body: EscalationBody },
    response: { status: 200, body: CaseView },
  }),
} satisfies Record<string, RouteDefinition>
