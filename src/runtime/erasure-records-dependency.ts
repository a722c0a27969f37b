import { createErasureRepository } from '#src/adapters/dynamodb/erasure-repository.ts'
import type { ErasureRecords } from '#src/use-cases/ports/erasure.ts'
import { tableContext } from './table-context.ts'

/**
 * Erasure records, in the contact's partition (docs/privacy.md, Erasing a contact): a module of its
 * own, so the access export reads them without bundling the erasure's S3 adapters.
 */
export function erasureRecords(): ErasureRecords {
  const { doc, config } = tableContext()
  return createErasureRepository(doc, config.tableName)
}
