import { CaseView } from '#src/domain/case.ts'
import { CaseStatus, Severity } from '#src/domain/vocabulary.ts'
import type { ListCasesInput } from '#src/use-cases/list-cases.ts'
import * as z from '#src/zod.ts'
import { pageCursor, pageLimit, resourceId } from './common.ts'

/*
 * The lists of cases: an account's (`GET /v1/cases`) and a queue's. Apart from the bodies that file
 * and change cases (cases.ts), so that reading functions do not build those at cold start
 * (docs/performance.md).
 */

export const ListCasesQuery = z.strictObject({
  limit: pageLimit(),
  cursor: pageCursor(),
  status: z.optional(CaseStatus),
  severity: z.optional(Severity),
  /** Staff only: narrow to one account. Customers always see their own account. */
  accountId: z.optional(resourceId),
  /** Staff only: `me`, or a staff member's id — the cases assigned to them. */
  assignee: z.optional(resourceId),
}) satisfies z.core.$ZodType<ListCasesInput>
export type ListCasesQuery = z.infer<typeof ListCasesQuery>

export const CaseList = z.object({ items: z.array(CaseView), nextCursor: z.nullable(z.string()) })

export const QueueParams = z.object({ queue: resourceId })
