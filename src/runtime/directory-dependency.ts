import type { CursorCodec } from '#src/adapters/cursor.ts'
import {
  createDirectoryRepository,
  type DirectoryRepository,
} from '#src/adapters/dynamodb/directory-repository.ts'
import { tableContext } from './table-context.ts'

/**
 * Accounts, contacts and staff: one repository behind the ports `accounts`, `contacts` and
 * `staff`. Only the account and contact lists need `cursorCodec` (`cursor-codec.ts`).
 */
export function directory(cursors?: () => Promise<CursorCodec>): DirectoryRepository {
  const { doc, config } = tableContext()
  return createDirectoryRepository(doc, config.tableName, cursors)
}
