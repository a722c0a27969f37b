import { caseReadRoutes } from './case-read-routes.ts'
import { caseUpdateRoutes } from './case-update-routes.ts'
import { caseWriteRoutes } from './case-write-routes.ts'
import { commentRoutes } from './comment-routes.ts'
import type { RouteDefinition } from './route-table.ts'

/**
 * Cases, their comments, history and escalations: `/v1/cases`, `/v1/cases/{caseId}/…`, for the route
 * table (routes.ts). Gathered from the groups the functions import (reads, writes, the edit, comments), one by
 * one in this order, which is the order of the OpenAPI document.
 */
export const caseRoutes = {
  createCase: caseWriteRoutes.createCase,
  getCase: caseReadRoutes.getCase,
  listCases: caseReadRoutes.listCases,
  updateCase: caseUpdateRoutes.updateCase,
  transitionCase: caseWriteRoutes.transitionCase,
  addComment: commentRoutes.addComment,
  listComments: commentRoutes.listComments,
  listHistory: commentRoutes.listHistory,
  escalateCase: caseWriteRoutes.escalateCase,
} satisfies Record<string, RouteDefinition>
