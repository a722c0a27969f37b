import { adminOnly, defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import {
  CaseFieldKeyParams,
  CaseFieldList,
  CaseFieldView,
  CreateCaseFieldBody,
  UpdateCaseFieldBody,
} from './schemas/case-fields.ts'

/** The custom field catalogue: `/v1/case-fields` (docs/custom-fields.md). */
export const caseFieldRoutes = {
  listCaseFields: defineRoute({
    operationId: 'listCaseFields',
    method: 'GET',
    path: '/v1/case-fields',
    handler: 'case-fields/list-case-fields',
    access: everyRole,
    summary:
      "The custom field catalogue, ordered by key: staff every definition, customers the active customer-visible ones (what a portal's forms show)",
    request: {},
    response: { status: 200, body: CaseFieldList },
  }),
  createCaseField: defineRoute({
    operationId: 'createCaseField',
    method: 'POST',
    path: '/v1/case-fields',
    handler: 'case-fields/create-case-field',
    access: adminOnly,
    summary: 'Define a custom field of cases (409 when its key is taken)',
    idempotent: true,
    request: { body: CreateCaseFieldBody },
    response: { status: 201, body: CaseFieldView },
    problems: [409],
  }),
  updateCaseField: defineRoute({
    operationId: 'updateCaseField',
    method: 'PATCH',
    path: '/v1/case-fields/{fieldKey}',
    handler: 'case-fields/update-case-field',
    access: adminOnly,
    summary:
      'Change a custom field: labels, options, case types, customer visibility, active (false hides it and keeps its values)',
    request: { params: CaseFieldKeyParams, body: UpdateCaseFieldBody },
    response: { status: 200, body: CaseFieldView },
    problems: [404, 409],
  }),
} satisfies Record<string, RouteDefinition>
