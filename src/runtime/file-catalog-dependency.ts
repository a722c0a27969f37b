import type { CursorCodec } from '#src/adapters/cursor.ts'
import { createFileRepository } from '#src/adapters/dynamodb/file-repository.ts'
import type { FileCatalog } from '#src/use-cases/ports/files.ts'
import { noCursors, tableContext } from './table-context.ts'

/**
 * Case file and folder records (the objects themselves: `fileStore`). The file tree's list needs
 * `cursorCodec` (`cursor-codec.ts`).
 */
export function fileCatalog(cursors: () => Promise<CursorCodec> = noCursors): FileCatalog {
  const { doc, config } = tableContext()
  return createFileRepository(doc, config.tableName, cursors)
}
