import { Case } from '#src/domain/case.ts'
import { roles } from '#src/domain/vocabulary.ts'
import { defineRoute, type RouteDefinition } from './route-table.ts'
import { CaseIdParams, CaseList, CreateCaseBody, ListCasesQuery } from './schemas/cases.ts'

const everyRole = { kind: 'roles', roles } as const

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
} satisfies Record<string, RouteDefinition>

export const routeList: readonly RouteDefinition[] = Object.values(routes)
