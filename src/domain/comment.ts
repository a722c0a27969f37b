import * as z from '#src/zod.ts'
import { Role } from './vocabulary.ts'

export const CommentVisibility = z.enum(['public', 'internal'])
export type CommentVisibility = z.infer<typeof CommentVisibility>

/**
 * A comment on a case: its own item in the case's partition, so a case with a thousand comments
 * stays a small item and adding a comment never conflicts with a concurrent edit of the case.
 * Internal notes are seen by vendor staff only.
 */
export const Comment = z.object({
  id: z.string(),
  caseId: z.string(),
  accountId: z.string(),
  authorId: z.string(),
  authorRole: Role,
  visibility: CommentVisibility,
  body: z.string(),
  createdAt: z.iso.datetime(),
})
export type Comment = z.infer<typeof Comment>
