import { CaseLink } from '#src/domain/case-link.ts'
import { defineRoute, everyRole, type RouteDefinition, staffOnly } from './route-table.ts'
import { CaseIdParams, PageQuery } from './schemas/common.ts'
import { CreateLinkBody, LinkIdParams, LinkList } from './schemas/links.ts'

/** Links between cases: `/v1/cases/{caseId}/links` (docs/data-model.md, case links). */
export const linkRoutes = {
  createCaseLink: defineRoute({
    operationId: 'createCaseLink',
    method: 'POST',
    path: '/v1/cases/{caseId}/links',
    handler: 'links/create-case-link',
    access: staffOnly,
    summary:
      'Link this case to another one (`relates_to`, `duplicate_of`, `caused_by`); both cases list the link, the other one with the inverse kind. A pair is linked once (409)',
    idempotent: true,
    request: { params: CaseIdParams, body: CreateLinkBody },
    response: { status: 201, body: CaseLink },
  }),
  listCaseLinks: defineRoute({
    operationId: 'listCaseLinks',
    method: 'GET',
    path: '/v1/cases/{caseId}/links',
    handler: 'links/list-case-links',
    access: everyRole,
    summary: "A case's links, as this case sees them (customers: only links to cases of their own account)",
    request: { params: CaseIdParams, query: PageQuery },
    response: { status: 200, body: LinkList },
  }),
  deleteCaseLink: defineRoute({
    operationId: 'deleteCaseLink',
    method: 'DELETE',
    path: '/v1/cases/{caseId}/links/{linkId}',
    handler: 'links/delete-case-link',
    access: staffOnly,
    summary: 'Remove a link, from either of its cases: both cases stop listing it',
    request: { params: LinkIdParams },
    response: { status: 200, body: CaseLink },
  }),
} satisfies Record<string, RouteDefinition>
