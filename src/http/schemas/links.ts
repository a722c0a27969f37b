import { CaseLink, LinkKind } from '#src/domain/case-link.ts'
import * as z from '#src/zod.ts'
import { caseIdParam, idOf, resourceId, shortText } from './common.ts'

/*
 * Links between cases. Apart from the other aggregates' schemas, so that the link functions build
 * only these at cold start (docs/performance.md).
 */

/** `POST /v1/cases/{caseId}/links`: how this case relates to the other one (`caseId`). */
export const CreateLinkBody = z.strictObject({
  kind: LinkKind.clone().register(z.globalRegistry, {
    description:
      'How this case relates to the other: `relates_to`, `duplicate_of` (this case duplicates the other) or `caused_by` (the other case caused this one). The other case lists the inverse: `relates_to`, `has_duplicate`, `causes`',
  }),
  caseId: resourceId.clone().register(z.globalRegistry, {
    description: 'The other case (of any account); not this case itself',
  }),
})

/** `POST /v1/cases/{caseId}/merge`: the case to merge this one into (docs/merge.md). */
export const MergeCaseBody = z.strictObject({
  targetCaseId: resourceId.clone().register(z.globalRegistry, {
    description: 'The case this one is merged into: another active case of the same account',
  }),
  message: z.optional(
    shortText(20_000).register(z.globalRegistry, {
      description:
        'A message to the customer, kept as a public comment on the merged case and quoted in the mail that tells them',
    }),
  ),
})

/** `/v1/cases/{caseId}/links/{linkId}`. */
export const LinkIdParams = z.object({
  caseId: caseIdParam,
  linkId: idOf('The link: the id of the linked case, as the list of links names it'),
})

export const LinkList = z.object({ items: z.array(CaseLink), nextCursor: z.nullable(z.string()) })
