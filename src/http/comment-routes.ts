import { Comment } from '#src/domain/comment.ts'
import { defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import { CommentList, CreateCommentBody, HistoryList } from './schemas/comments.ts'
import { CaseIdParams, PageQuery } from './schemas/common.ts'

/**
 * A case's comments and history. A group of its own, so that these functions build neither the
 * case bodies nor the case lists at cold start (docs/performance.md); `caseRoutes` (case-routes.ts)
 * gathers the groups.
 */
export const commentRoutes = {
  addComment: defineRoute({
    operationId: 'addComment',
    method: 'POST',
    path: '/v1/cases/{caseId}/comments',
    handler: 'cases/add-comment',
    access: everyRole,
    summary: 'Comment on a case (internal notes: staff only)',
    idempotent: true,
    rules: [
      'Internal notes (`visibility: internal`) are support staff’s (403 for customers).',
      'A customer cannot comment on a closed or cancelled case (409): open a new case and mention it.',
    ],
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
} satisfies Record<string, RouteDefinition>
