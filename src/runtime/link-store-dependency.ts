import type { CursorCodec } from '#src/adapters/cursor.ts'
import { createLinkRepository } from '#src/adapters/dynamodb/link-repository.ts'
import type { CaseLinkStore } from '#src/use-cases/ports/links.ts'
import { noCursors, tableContext } from './table-context.ts'

/** Links between cases. The list needs `cursorCodec` (`cursor-codec.ts`); linking and unlinking do not. */
export function caseLinkStore(cursors: () => Promise<CursorCodec> = noCursors): CaseLinkStore {
  const { doc, config } = tableContext()
  return createLinkRepository(doc, config.tableName, cursors)
}
