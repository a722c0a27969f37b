import { Case } from '#src/domain/case.ts'
import { Comment } from '#src/domain/comment.ts'
import { roles, staffRoles } from '#src/domain/vocabulary.ts'
import { defineRoute, type RouteDefinition } from './route-table.ts'
import {
  CaseIdParams,
  CaseList,
  CommentList,
  CreateCaseBody,
  CreateCommentBody,
  EscalationBody,
  HistoryList,
  ListCasesQuery,
  PageQuery,
  QueueParams,
  TransitionBody,
  UpdateCaseBody,
} from './schemas/cases.ts'

const everyRole = { kind: 'roles', roles } as const
const staffOnly = { kind: 'roles', roles: staffRoles } as const

/**
 * The route table. CDK creates one Lambda function and one HTTP API route per entry, the local
 * server dispatches to the same handler modules, and the OpenAPI document is generated from it.
 */
export const routes = {
  createCase: defineRoute({
    operationId: 'createCase',
    method: 'POST',
    path: '/v1/cases',
    handler: 'cases/create-case',
    access: everyRole,
    summary: 'File a new case',
    idempotent: true,
    request: { body: CreateCaseBody },
    response: { status: 201, body: Case },
  }),
  getCase: defineRoute({
    operationId: 'getCase',
    method: 'GET',
    path: '/v1/cases/{caseId}',
    handler: 'cases/get-case',
    access: everyRole,
    summary: 'Read one case',
    request: { params: CaseIdParams },
    response: { status: 200, body: Case },
  }),
  listCases: defineRoute({
    operationId: 'listCases',
    method: 'GET',
    path: '/v1/cases',
    handler: 'cases/list-cases',
    access: everyRole,
    summary: 'List cases, newest first',
    request: { query: ListCasesQuery },
    response: { status: 200, body: CaseList },
  }),
  updateCase: defineRoute({
    operationId: 'updateCase',
    method: 'PATCH',
    path: '/v1/cases/{caseId}',
    handler: 'cases/update-case',
    access: everyRole,
    summary:
      'Edit a case (If-Match required): customers its details while new or open, staff severity, priority, assignee, queue, tier',
    request: { params: CaseIdParams, body: UpdateCaseBody },
    response: { status: 200, body: Case },
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
    response: { status: 200, body: Case },
  }),
  addComment: defineRoute({
    operationId: 'addComment',
    method: 'POST',
    path: '/v1/cases/{caseId}/comments',
    handler: 'cases/add-comment',
    access: everyRole,
    summary: 'Comment on a case (internal notes: staff only)',
    idempotent: true,
    request: { params: CaseIdParams, body: CreateCommentBody },
    response: { status: 201, body: Comment },
  }),
  listComments: defineRoute({
    operationId: 'listComments',
    method: 'GET',
    path: '/v1/cases/{caseId}/comments',
    handler: 'cases/list-comments',
    access: everyRole,
    summary: "A case's comments, oldest first (customers: public ones)",
    request: { params: CaseIdParams, query: PageQuery },
    response: { status: 200, body: CommentList },
  }),
  listHistory: defineRoute({
    operationId: 'listHistory',
    method: 'GET',
    path: '/v1/cases/{caseId}/history',
    handler: 'cases/list-history',
    access: everyRole,
    summary: "A case's history, oldest first: every change with actor, time, action, before → after",
    request: { params: CaseIdParams, query: PageQuery },
    response: { status: 200, body: HistoryList },
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
    response: { status: 200, body: Case },
  }),
  listQueueCases: defineRoute({
    operationId: 'listQueueCases',
    method: 'GET',
    path: '/v1/queues/{queue}/cases',
    handler: 'queues/list-queue-cases',
    access: staffOnly,
    summary: "A queue's active cases, oldest first",
    request: { params: QueueParams, query: PageQuery },
    response: { status: 200, body: CaseList },
  }),
} satisfies Record<string, RouteDefinition>

export const routeList: readonly RouteDefinition[] = Object.values(routes)
