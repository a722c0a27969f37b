import type { CursorCodec } from '#src/adapters/cursor.ts'
import { type ArticleRepository, createArticleRepository } from '#src/adapters/dynamodb/kb-repository.ts'
import { noCursors, tableContext } from './table-context.ts'

/**
 * Knowledge-base articles, and the corpus the search functions load their in-memory index from
 * (`articleSearchFor`). The article list and the search's pages need `cursorCodec` (`cursor-codec.ts`).
 */
export function articleStore(cursors: () => Promise<CursorCodec> = noCursors): ArticleRepository {
  const { doc, config } = tableContext()
  return createArticleRepository(doc, config.tableName, cursors)
}
