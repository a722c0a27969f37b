import { createHash } from 'node:crypto'
import * as z from '#src/zod.ts'
import { Role } from './vocabulary.ts'

/**
 * Erasure of a contact (GDPR Art. 17; docs/privacy.md, Erasing a contact): what is done, in this
 * order, each step recorded when it finished, so a request that failed half-way is repeated from
 * the first step not done. Steps that need the person's address (finding their mail) come before
 * the step that removes it from the directory; the identity goes after every step that a signed-in
 * person could undo.
 * - `mail`: raw received mail naming the address, the auto-reply claim, sent-notification and
 *   mail-thread records of mail sent to them;
 * - `published`: their data in change-feed entries and webhook deliveries (contact events; with
 *   `deleteComments` their comments' text; their survey comments);
 * - `items`: their watcher items (deleted), survey comments (removed), comments' text (with
 *   `deleteComments`), files they uploaded (with `deleteFiles`: records and objects);
 * - `identity`: the sign-in user (deleted);
 * - `directory`: the contact's name and address replaced by neutral ones, the address's claim released.
 */
export const erasureSteps = ['mail', 'published', 'items', 'identity', 'directory'] as const
export type ErasureStep = (typeof erasureSteps)[number]

/** What the person asked for beyond the minimum. */
export const ErasureOptions = z.object({
  /** Remove the text of the comments they wrote (by default it stays with the account's case). */
  deleteComments: z.boolean(),
  /** Delete the files they uploaded (by default they stay with the account's case). */
  deleteFiles: z.boolean(),
})
export type ErasureOptions = z.infer<typeof ErasureOptions>

/** One finished step and what it did: how many of each kind of thing it removed or rewrote. */
export const ErasureStepRecord = z.object({
  step: z.enum(erasureSteps),
  completedAt: z.iso.datetime(),
  counts: z.record(z.string(), z.int().check(z.nonnegative())),
})
export type ErasureStepRecord = z.infer<typeof ErasureStepRecord>

/**
 * The record an erasure leaves: who asked, when, with which options, and what each step did. It
 * holds no personal data of the erased person (their id names a contact that is now "former
 * contact"), so it stays as long as the account does.
 */
export const ContactErasure = z.object({
  contactId: z.string(),
  accountId: z.string(),
  requestedBy: z.object({ userId: z.string(), role: Role }),
  requestedAt: z.iso.datetime(),
  options: ErasureOptions,
  status: z.enum(['in_progress', 'completed']),
  steps: z.array(ErasureStepRecord),
  completedAt: z.optional(z.iso.datetime()),
})
export type ContactErasure = z.infer<typeof ContactErasure>

/** The steps an erasure has still to do, in order. */
export function remainingSteps(erasure: Pick<ContactErasure, 'steps'>): ErasureStep[] {
  const done = new Set(erasure.steps.map((record) => record.step))
  return erasureSteps.filter((step) => !done.has(step))
}

/** What an erased contact is called from then on, wherever its id is shown. */
export const formerContactName = 'Former contact'

/**
 * The address an erased contact holds instead of its own: built from its id, under the reserved
 * `.invalid` top-level domain (RFC 2606), so it can never be anyone's, never receive mail, and
 * keeps the contact's place in its account's list unique.
 */
export function erasedAddressOf(contactId: string): string {
  return `${contactId}@erased.invalid`
}

/**
 * A digest of an e-mail address (SHA-256 of the lower-cased address): what the table keeps where
 * it must find mail by address later (docs/privacy.md) without storing the address itself.
 */
export function addressDigest(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex')
}

/** The text a removed comment keeps, so the thread still shows that something was said. */
export const removedCommentText = '[Removed at the author’s request.]'
