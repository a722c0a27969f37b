import { severitiesRequiringImpact } from '#src/domain/case.ts'
import { CaseType, Priority, ProposableResolutionKind, Severity } from '#src/domain/vocabulary.ts'
import type { CreateCaseInput } from '#src/use-cases/create-case.ts'
import * as z from '#src/zod.ts'
import { caseDetails, customFields } from './case-details.ts'
import { resourceId, shortText } from './common.ts'

/*
 * The bodies that file a case and move it through its lifecycle. The edit (case-update.ts), the lists
 * (case-lists.ts) and the comments (comments.ts) are apart, so that their functions do not build
 * these at cold start (docs/performance.md).
 */

/** The details but the impact, which the create body has always listed after the severity. */
const { impact, ...describedOnCreate } = caseDetails

export const CreateCaseBody = z
  .strictObject({
    ...describedOnCreate,
    type: z._default(CaseType, 'general_inquiry'),
    severity: z._default(Severity, 'standard'),
    /** Only staff set priority; for customers it follows from the severity. */
    priority: z.optional(Priority),
    impact,
    /** The contact the case is for: defaults to the caller; staff must name one. */
    contactId: z.optional(resourceId),
    customFields: z.optional(customFields('; those required for the case type must have one')),
  })
  .check(
    z.superRefine(
      (body, ctx) => {
        if (severitiesRequiringImpact.includes(body.severity) && body.impact === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['impact'],
            message: `is required for ${body.severity} cases: describe the impact on your business`,
          })
        }
      },
      // Check the impact rule even when other fields are invalid, so one answer names every problem.
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  ) satisfies z.core.$ZodType<CreateCaseInput>
export type CreateCaseBody = z.infer<typeof CreateCaseBody>

const ResolutionInput = z
  .strictObject({
    kind: ProposableResolutionKind,
    summary: shortText(5_000),
    /** When the fix is expected: required for `bug_raised` (for critical bugs a patch within 24 hours). */
    fixEta: z.optional(shortText(200)),
  })
  .check(
    z.superRefine((resolution, ctx) => {
      if (resolution.kind === 'bug_raised' && resolution.fixEta === undefined) {
        ctx.addIssue({ code: 'custom', path: ['fixEta'], message: 'is required when a bug was raised' })
      }
    }),
  )

const message = shortText(20_000)

/** `POST /v1/cases/{caseId}/transitions`: one lifecycle action and what it needs. */
export const TransitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('acknowledge'), message: z.optional(message) }),
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('request_info'), message }),
  z.strictObject({
    action: z.literal('propose_solution'),
    resolution: ResolutionInput,
    message: z.optional(message),
  }),
  z.strictObject({ action: z.literal('close'), message: z.optional(message) }),
  z.strictObject({ action: z.literal('cancel'), reason: z.optional(shortText(2_000)) }),
  z.strictObject({ action: z.literal('reopen'), reason: z.optional(shortText(2_000)) }),
])
export type TransitionBody = z.infer<typeof TransitionBody>

export const EscalationBody = z.strictObject({ reason: shortText(2_000) })
