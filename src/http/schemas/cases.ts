import * as z from 'zod'
import { Case, severitiesRequiringImpact } from '#src/domain/case.ts'
import { CaseStatus, CaseType, Priority, Severity } from '#src/domain/vocabulary.ts'

/** Ids are opaque to clients: any well-formed token is accepted and an unknown one is simply not found. */
export const resourceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, - or _')

const shortText = (max: number) => z.string().trim().min(1).max(max)

export const CreateCaseBody = z
  .strictObject({
    title: shortText(200),
    description: shortText(20_000),
    product: shortText(100),
    productVersion: shortText(50).optional(),
    component: shortText(100).optional(),
    category: shortText(100).optional(),
    type: CaseType.default('general_inquiry'),
    severity: Severity.default('standard'),
    /** Only staff set priority; for customers it follows from the severity. */
    priority: Priority.optional(),
    /** What the problem does to the business. Required for critical and urgent cases. */
    impact: shortText(5_000).optional(),
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
  )
export type CreateCaseBody = z.infer<typeof CreateCaseBody>

export const CaseIdParams = z.object({ caseId: resourceId })

export const ListCasesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
  status: CaseStatus.optional(),
  severity: Severity.optional(),
  /** Staff only: narrow to one account. Customers always see their own account. */
  accountId: resourceId.optional(),
})
export type ListCasesQuery = z.infer<typeof ListCasesQuery>

export const CaseList = z.object({ items: z.array(Case), nextCursor: z.string().nullable() })
