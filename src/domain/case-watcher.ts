import * as z from '#src/zod.ts'

/**
 * Who watches a case: a contact of the case's account (a colleague of the case's contact), or a
 * staff member following it. Watchers get the mail the case's contact gets (contacts) or the mail
 * its owner gets (staff), each in their own language (docs/email.md, "Watchers").
 */
export const WatcherKind = z.enum(['contact', 'staff'])
export type WatcherKind = z.infer<typeof WatcherKind>

/** At most this many watchers per case: each one is a mail per notifying event. */
export const maxWatchersPerCase = 20

/**
 * One watcher of one case: an item in the case's partition under the watcher's user id, so a
 * person watches a case once and the notifications read all of a case's watchers with one Query.
 */
export const CaseWatcher = z.object({
  caseId: z.string(),
  /** The case's account (the tenant the item belongs to), for contacts and staff alike. */
  accountId: z.string(),
  /** The contact id (the identity provider's `sub`) or the staff member's user id. */
  userId: z.string(),
  kind: WatcherKind,
  addedBy: z.string(),
  addedAt: z.iso.datetime(),
})
export type CaseWatcher = z.infer<typeof CaseWatcher>

/** The watchers a caller may see: customers the contacts only, staff everyone (staff followers are internal). */
export function visibleWatchers(
  watchers: readonly CaseWatcher[],
  callerKind: 'customer' | 'staff',
): CaseWatcher[] {
  return callerKind === 'staff' ? [...watchers] : watchers.filter((watcher) => watcher.kind === 'contact')
}
