import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { FileCatalog } from '#src/use-cases/ports/files.ts'

/** How many comments and files of a merged case the target's history lists by name; the rest are counted. */
export const maxListedPerKind = 100

/** What the target's `case.merged` event lists of the merged case (docs/merge.md): references, never copies. */
export interface MergedContent {
  comments: { id: string; createdAt: string; authorRole: string }[]
  files: { id: string; name: string; size?: number | undefined }[]
  /** How many public comments and available files the merged case has in all. */
  commentCount: number
  fileCount: number
}

/**
 * The public comments and the available files of a merged case, oldest first, at most
 * `maxListedPerKind` of each named. Internal notes stay unlisted: the target's history is read by
 * customers too.
 */
export async function listMergedContent(
  caseId: string,
  deps: { cases: Pick<CaseStore, 'listComments'>; files: Pick<FileCatalog, 'listTree'> },
): Promise<MergedContent> {
  const content: MergedContent = { comments: [], files: [], commentCount: 0, fileCount: 0 }
  let cursor: string | undefined
  do {
    const page = await deps.cases.listComments({ kind: 'all' }, caseId, {
      limit: 100,
      cursor,
      includeInternal: false,
    })
    for (const comment of page?.items ?? []) {
      content.commentCount++
      if (content.comments.length < maxListedPerKind) {
        content.comments.push({
          id: comment.id,
          createdAt: comment.createdAt,
          authorRole: comment.authorRole,
        })
      }
    }
    cursor = page?.nextCursor ?? undefined
  } while (cursor)
  do {
    const page = await deps.files.listTree(caseId, { limit: 100, cursor })
    for (const entry of page.items) {
      if (entry.kind !== 'file' || entry.status !== 'available') continue
      content.fileCount++
      if (content.files.length < maxListedPerKind) {
        content.files.push({
          id: entry.id,
          name: entry.name,
          ...(entry.size !== undefined && { size: entry.size }),
        })
      }
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return content
}
