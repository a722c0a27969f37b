import { CaseView } from '#src/domain/case.ts'
import { maxTagLength, tagPattern } from '#src/domain/case-labels.ts'
import { CaseStatus, Severity } from '#src/domain/vocabulary.ts'
import type { ListCasesInput } from '#src/use-cases/list-cases.ts'
import * as z from '#src/zod.ts'
import { idOf, pageCursor, pageLimit, resourceId } from './common.ts'

/*
 * The lists of cases: an account's (`GET /v1/cases`) and a queue's. Apart from the bodies that file
 * and change cases (cases.ts), so that reading functions do not build those at cold start
 * (docs/performance.md).
 */

/** `tag=`: one tag, as `PATCH` stores them (docs/data-model.md, "Labels"). */
const tagFilter = (whose: string) =>
  z
    .optional(
      z
        .string()
        .check(
          z.maxLength(maxTagLength),
          z.regex(tagPattern, 'must be a lowercase tag of letters, digits and hyphens'),
        ),
    )
    .register(z.globalRegistry, {
      param: {
        description: `Staff only (customers: 403): ${whose} with this tag. Served by the tag's own index partition (docs/data-model.md)`,
      },
    })

/** `field=<key>:<value>`: both parts are slugs (docs/custom-fields.md); booleans read `true` or `false`. */
const fieldFilter = z
  .optional(
    z
      .string()
      .check(
        z.regex(/^[a-z][a-z0-9_]{0,39}:[a-z][a-z0-9_]{0,39}$/, 'must be <key>:<value> of a custom field'),
      ),
  )
  .register(z.globalRegistry, {
    param: {
      description:
        '`<key>:<value>`: the cases with this value of an enum, multi_enum or boolean custom field (`true` or `false`); customers only by active, customer-visible fields (400 otherwise). At most one of `tag` and `field` per request',
    },
  })

export const ListCasesQuery = z.strictObject({
  limit: pageLimit(),
  cursor: pageCursor(),
  status: z.optional(CaseStatus).register(z.globalRegistry, { description: 'Only the cases in this status' }),
  severity: z
    .optional(Severity)
    .register(z.globalRegistry, { description: 'Only the cases of this severity' }),
  accountId: z.optional(resourceId).register(z.globalRegistry, {
    description: 'Staff only: the cases of this account. Customers always see their own account’s cases',
  }),
  assignee: z.optional(resourceId).register(z.globalRegistry, {
    description: 'Staff only: `me`, or a staff member’s user id: the cases assigned to them',
  }),
  tag: tagFilter('the cases'),
  field: fieldFilter,
}) satisfies z.core.$ZodType<ListCasesInput>
export type ListCasesQuery = z.infer<typeof ListCasesQuery>

export const CaseList = z.object({ items: z.array(CaseView), nextCursor: z.nullable(z.string()) })

export const QueueParams = z.object({
  queue: idOf('The queue, by its name (an unknown queue has no cases)'),
})

/** `GET /v1/queues/{queue}/cases`: a page, optionally of the cases with one tag. */
export const QueueCasesQuery = z.strictObject({
  limit: pageLimit(),
  cursor: pageCursor(),
  tag: tagFilter('the queue’s active cases, in the queue’s order,'),
})
