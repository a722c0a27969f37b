import { Tier } from '#src/domain/case.ts'
import { maxTagLength, maxTagsPerCase, tagPattern } from '#src/domain/case-labels.ts'
import { Priority, Severity } from '#src/domain/vocabulary.ts'
import type { UpdateCaseInput } from '#src/use-cases/update-case.ts'
import * as z from '#src/zod.ts'
import { caseDetails, customFields } from './case-details.ts'
import { resourceId, shortText } from './common.ts'

/*
 * The body that edits a case, apart from those that file it and move it through its lifecycle
 * (cases.ts), so that the edit function builds no other (docs/performance.md).
 */

/** Tags to add or remove: lowercase slugs; mixed case is refused, not folded (case-labels.ts). */
const tagList = z.optional(
  z
    .array(z.string().check(z.maxLength(maxTagLength), z.regex(tagPattern, 'must be a lowercase slug')))
    .check(z.maxLength(maxTagsPerCase)),
)

/** `PATCH /v1/cases/{caseId}`: only the fields to change. */
export const UpdateCaseBody = z
  .partial(
    z.strictObject({
      ...caseDetails,
      severity: Severity,
      /** Why support changes the severity; kept in the history. */
      severityReason: shortText(2_000),
      priority: Priority,
      /** A staff member's id, or null to unassign. */
      assigneeId: z.nullable(resourceId),
      queue: resourceId,
      tier: Tier,
      customFields: customFields(' to set; null clears one'),
      tags: z.strictObject({ add: tagList, remove: tagList }).register(z.globalRegistry, {
        description: 'Staff only: tags to add and to remove (at most 20 per case)',
      }),
    }),
  )
  .check(
    z.superRefine(
      (body, ctx) => {
        if (Object.keys(body).length === 0) {
          ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' })
        }
        if (body.severity !== undefined && body.severityReason === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['severityReason'],
            message: 'is required when the severity changes',
          })
        }
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  ) satisfies z.core.$ZodType<UpdateCaseInput>
export type UpdateCaseBody = z.infer<typeof UpdateCaseBody>
