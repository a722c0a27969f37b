import { CaseView } from '#src/domain/case.ts'
import { CaseLink } from '#src/domain/case-link.ts'
import { defineRoute, everyRole, type RouteDefinition, staffOnly } from './route-table.ts'
import { CaseIdParams, PageQuery } from './schemas/common.ts'
import { CreateLinkBody, LinkIdParams, LinkList, MergeCaseBody } from './schemas/links.ts'

/** Links between cases: `/v1/cases/{caseId}/links` (docs/data-model.md, case links), and merging one case into another (docs/merge.md). */
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
    rules: [
      'Only support staff link cases (403); a case cannot be linked to itself, and the other case must exist (400).',
    ],
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
  mergeCase: defineRoute({
    operationId: 'mergeCase',
    method: 'POST',
    path: '/v1/cases/{caseId}/merge',
    handler: 'links/merge-case',
    access: staffOnly,
    summary:
      "Merge this case into another active case of the same account: this one closes with resolution `merged` and `mergedInto`, the other lists its public comments and files in its history, the two are linked as `duplicate_of`, and replies to this case's mails land on the other",
    idempotent: true,
    rules: [
      'Only support staff merge (403). The target must be another, active case of the same account (400 for itself, an unknown case or another account’s; 409 for a closed one).',
    ],
    request: { params: CaseIdParams, body: MergeCaseBody },
    response: { status: 200, body: CaseView },
  }),
} satisfies Record<string, RouteDefinition>
