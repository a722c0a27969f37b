import { adminOnly, defineRoute, everyRole, type RouteDefinition, staffOnly } from './route-table.ts'
import { CaseIdParams } from './schemas/cases.ts'
import {
  Calendar,
  CalendarBody,
  CalendarParams,
  CaseSlaDetail,
  PolicyBody,
  PolicyParams,
  SlaPolicy,
  SlaPreview,
  SlaPreviewBody,
} from './schemas/sla.ts'

/** SLA readings, previews, calendars and policies: `/v1/cases/{caseId}/sla`, `/v1/sla/preview`, `/v1/calendars`, `/v1/sla-policies`. */
export const slaRoutes = {
  getCaseSla: defineRoute({
    operationId: 'getCaseSla',
    method: 'GET',
    path: '/v1/cases/{caseId}/sla',
    handler: 'sla/get-case-sla',
    access: everyRole,
    summary: "A case's first-response SLA with the explanation of its deadline",
    request: { params: CaseIdParams },
    response: { status: 200, body: CaseSlaDetail },
  }),
  previewSla: defineRoute({
    operationId: 'previewSla',
    method: 'POST',
    path: '/v1/sla/preview',
    handler: 'sla/preview-sla',
    access: everyRole,
    summary: 'When a target would be due if a case were filed at `start` ("we will answer by …")',
    request: { body: SlaPreviewBody },
    response: { status: 200, body: SlaPreview },
  }),
  getCalendar: defineRoute({
    operationId: 'getCalendar',
    method: 'GET',
    path: '/v1/calendars/{calendarId}',
    handler: 'sla/get-calendar',
    access: staffOnly,
    summary: 'A business calendar',
    request: { params: CalendarParams },
    response: { status: 200, body: Calendar },
  }),
  putCalendar: defineRoute({
    operationId: 'putCalendar',
    method: 'PUT',
    path: '/v1/calendars/{calendarId}',
    handler: 'sla/put-calendar',
    access: adminOnly,
    summary: 'Create or replace a business calendar',
    request: { params: CalendarParams, body: CalendarBody },
    response: { status: 200, body: Calendar },
  }),
  getSlaPolicy: defineRoute({
    operationId: 'getSlaPolicy',
    method: 'GET',
    path: '/v1/sla-policies/{policyId}',
    handler: 'sla/get-sla-policy',
    access: staffOnly,
    summary: 'An SLA policy: first-response targets by service level and severity',
    request: { params: PolicyParams },
    response: { status: 200, body: SlaPolicy },
  }),
  putSlaPolicy: defineRoute({
    operationId: 'putSlaPolicy',
    method: 'PUT',
    path: '/v1/sla-policies/{policyId}',
    handler: 'sla/put-sla-policy',
    access: adminOnly,
    summary: 'Create or replace an SLA policy',
    request: { params: PolicyParams, body: PolicyBody },
    response: { status: 200, body: SlaPolicy },
  }),
  // Survey links are public: the token in the path is the credential (DESIGN §6), mailed to the case's contact.
} satisfies Record<string, RouteDefinition>
