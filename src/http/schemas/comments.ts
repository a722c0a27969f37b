import { CaseEvent } from '#src/domain/case.ts'
import { Comment, CommentVisibility } from '#src/domain/comment.ts'
import * as z from '#src/zod.ts'
import { shortText } from './common.ts'

/*
 * A case's comments and history. Apart from the bodies that file and change cases (cases.ts), so
 * that these functions do not build those at cold start (docs/performance.md).
 */

export const CreateCommentBody = z.strictObject({
  body: shortText(20_000),
  visibility: z._default(CommentVisibility, 'public'),
})

export const CommentList = z.object({ items: z.array(Comment), nextCursor: z.nullable(z.string()) })

export const HistoryList = z.object({ items: z.array(CaseEvent), nextCursor: z.nullable(z.string()) })
