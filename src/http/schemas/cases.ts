import * as z from 'zod'
import { CaseEvent, CaseView, severitiesRequiringImpact, Tier } from '#src/domain/case.ts'
import { Comment, CommentVisibility } from '#src/domain/comment.ts'
import { CaseStatus, CaseType, Priority, ResolutionKind, Severity } from '#src/domain/vocabulary.ts'
import type { CaseDetailField } from '#src/use-cases/case-details.ts'
import type { CreateCaseInput } from '#src/use-cases/create-case.ts'
import type { ListCasesInput } from '#src/use-cases/list-cases.ts'
import type { UpdateCaseInput } from '#src/use-cases/update-case.ts'

/** Ids are opaque to clients: any well-formed token is accepted and an unknown one is simply not found. */
export const resourceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, - or _')

const shortText = (max: number) => z.string().trim().min(1).max(max)

/**
 * The details of a case as filing and editing take them, one list for both bodies (the use cases'
 * `caseDetailFields`, src/use-cases/case-details.ts).
 */
const caseDetails = {
  title: shortText(200),
  description: shortText(20_000),
  product: shortText(100),
  productVersion: shortText(50).optional(),
  component: shortText(100).optional(),
  category: shortText(100).optional(),
  /** What the problem does to the business. Required for critical and urgent cases. */
  impact: shortText(5_000).optional(),
} satisfies Record<CaseDetailField, z.ZodType>

/** The details but the impact, which the create body has always listed after the severity. */
const { impact, ...describedOnCreate } = caseDetails

export const CreateCaseBody = z
  .strictObject({
    ...describedOnCreate,
    type: CaseType.default('general_inquiry'),
    severity: Severity.default('standard'),
    /** Only staff set priority; for customers it follows from the severity. */
    priority: Priority.optional(),
    impact,
    /** The contact the case is for: defaults to the caller; staff must name one. */
    contactId: resourceId.optional(),
  })
  .superRefine(
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
  ) satisfies z.ZodType<CreateCaseInput>
export type CreateCaseBody = z.infer<typeof CreateCaseBody>

export const CaseIdParams = z.object({ caseId: resourceId })

export const ListCasesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
  status: CaseStatus.optional(),
  severity: Severity.optional(),
  /** Staff only: narrow to one account. Customers always see their own account. */
  accountId: resourceId.optional(),
  /** Staff only: `me`, or a staff member's id — the cases assigned to them. */
  assignee: resourceId.optional(),
}) satisfies z.ZodType<ListCasesInput>
export type ListCasesQuery = z.infer<typeof ListCasesQuery>

export const CaseList = z.object({ items: z.array(CaseView), nextCursor: z.string().nullable() })

/** `limit` and `cursor`, as every list takes them (docs/data-model.md, "Pagination"). */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
})

const ResolutionInput = z
  .strictObject({
    kind: ResolutionKind,
    summary: shortText(5_000),
    /** When the fix is expected: required for `bug_raised` (for critical bugs a patch within 24 hours). */
    fixEta: shortText(200).optional(),
  })
  .superRefine((resolution, ctx) => {
    if (resolution.kind === 'bug_raised' && resolution.fixEta === undefined) {
      ctx.addIssue({ code: 'custom', path: ['fixEta'], message: 'is required when a bug was raised' })
    }
  })

const message = shortText(20_000)

/** `POST /v1/cases/{caseId}/transitions`: one lifecycle action and what it needs. */
export const TransitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('acknowledge'), message: message.optional() }),
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('request_info'), message }),
  z.strictObject({
    action: z.literal('propose_solution'),
    resolution: ResolutionInput,
    message: message.optional(),
  }),
  z.strictObject({ action: z.literal('close'), message: message.optional() }),
  z.strictObject({ action: z.literal('cancel'), reason: shortText(2_000).optional() }),
  z.strictObject({ action: z.literal('reopen'), reason: shortText(2_000).optional() }),
])
export type TransitionBody = z.infer<typeof TransitionBody>

/** `PATCH /v1/cases/{caseId}`: only the fields to change. */
export const UpdateCaseBody = z
  .strictObject({
    ...caseDetails,
    severity: Severity,
    /** Why support changes the severity; kept in the history. */
    severityReason: shortText(2_000),
    priority: Priority,
    /** A staff member's id, or null to unassign. */
    assigneeId: resourceId.nullable(),
    queue: resourceId,
    tier: Tier,
  })
  .partial()
  .superRefine(
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
  ) satisfies z.ZodType<UpdateCaseInput>
export type UpdateCaseBody = z.infer<typeof UpdateCaseBody>

export const CreateCommentBody = z.strictObject({
  body: message,
  visibility: CommentVisibility.default('public'),
})

export const CommentList = z.object({ items: z.array(Comment), nextCursor: z.string().nullable() })

export const HistoryList = z.object({ items: z.array(CaseEvent), nextCursor: z.string().nullable() })

export const EscalationBody = z.strictObject({ reason: shortText(2_000) })

export const QueueParams = z.object({ queue: resourceId })
