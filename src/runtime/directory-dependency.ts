import type { CursorCodec } from '#src/adapters/cursor.ts'
import { createContactAddressRepository } from '#src/adapters/dynamodb/contact-address-repository.ts'
import { createContactExportReader } from '#src/adapters/dynamodb/contact-export-reader.ts'
import { createDirectoryReader, type DirectoryReader } from '#src/adapters/dynamodb/directory-reader.ts'
import {
  createDirectoryRepository,
  type DirectoryRepository,
} from '#src/adapters/dynamodb/directory-repository.ts'
import type { ContactExportSource } from '#src/use-cases/ports/contact-export.ts'
import type { ContactAddresses } from '#src/use-cases/ports/directory.ts'
import { tableContext } from './table-context.ts'

/**
 * Accounts, contacts and staff: one repository behind the ports `accounts`, `contacts` and
 * `staff`. Only the account and contact lists need `cursorCodec` (`cursor-codec.ts`).
 */
export function directory(cursors?: () => Promise<CursorCodec>): DirectoryRepository {
  const { doc, config } = tableContext()
  return createDirectoryRepository(doc, config.tableName, cursors)
}

/** Moving contacts to other addresses: the contact admin route only (docs/privacy.md). */
export function contactAddresses(): ContactAddresses {
  const { doc, config } = tableContext()
  return createContactAddressRepository(doc, config.tableName)
}

/**
 * The directory's reads only (account, contacts, staff, an address's owner): what the case
 * functions need, without the admin writes and lists they would otherwise bundle.
 */
export function directoryReader(): DirectoryReader {
  const { doc, config } = tableContext()
  return createDirectoryReader(doc, config.tableName)
}

/** The reads of a contact's access export (docs/privacy.md, Access export). */
export function contactExportSource(): ContactExportSource {
  const { doc, config } = tableContext()
  return createContactExportReader(doc, config.tableName)
}
