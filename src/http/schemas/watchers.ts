import { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { AddCaseWatcherInput } from '#src/use-cases/watchers/add-case-watcher.ts'
import * as z from '#src/zod.ts'
import { caseIdParam, resourceId } from './common.ts'

/*
 * Watchers of a case. Apart from the other aggregates' schemas, so that the watcher functions
 * build only these at cold start (docs/performance.md).
 */

/** `POST /v1/cases/{caseId}/watchers`: whom to add; `{}` adds the caller. */
export const AddWatcherBody = z.strictObject({
  userId: z.optional(
    resourceId.clone().register(z.globalRegistry, {
      description:
        'The contact (a colleague of the caller’s own account) or, for staff, the staff member to add; absent: the caller. Any id that is not a contact of the case’s account (or, for staff, an active staff member) is 404',
    }),
  ),
}) satisfies z.core.$ZodType<AddCaseWatcherInput>

/** `/v1/cases/{caseId}/watchers`. */
export const WatcherCaseParams = z.object({ caseId: caseIdParam })

/** `/v1/cases/{caseId}/watchers/{userId}`. */
export const WatcherParams = z.object({
  caseId: caseIdParam,
  userId: resourceId.clone().register(z.globalRegistry, {
    description: 'The watcher to remove: a contact id or a staff member’s user id (yourself: always allowed)',
  }),
})

export const WatcherView = CaseWatcher.clone().register(z.globalRegistry, {
  description:
    'A watcher of a case: `kind` `contact` (a colleague of the case’s contact) or `staff` (a follower, never shown to customers); `addedBy` is who added them',
})

export const WatcherList = z.object({
  items: z.array(WatcherView).register(z.globalRegistry, {
    description: 'Every watcher the caller may see, oldest user id first (a case has at most 20: no pages)',
  }),
})
