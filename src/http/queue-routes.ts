import { defineRoute, type RouteDefinition, staffOnly } from './route-table.ts'
import { CaseList, QueueCasesQuery, QueueParams } from './schemas/case-lists.ts'

/** The staff work lists: `/v1/queues/{queue}/cases`. */
export const queueRoutes = {
  listQueueCases: defineRoute({
    operationId: 'listQueueCases',
    method: 'GET',
    path: '/v1/queues/{queue}/cases',
    handler: 'queues/list-queue-cases',
    access: staffOnly,
    summary:
      "A queue's active cases: running SLA clocks first, soonest deadline first, then the rest oldest first",
    request: { params: QueueParams, query: QueueCasesQuery },
    response: { status: 200, body: CaseList },
  }),
} satisfies Record<string, RouteDefinition>
