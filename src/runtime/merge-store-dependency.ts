import { createMergeRepository } from '#src/adapters/dynamodb/merge-repository.ts'
import type { CaseMergeStore } from '#src/use-cases/ports/merges.ts'
import { tableContext } from './table-context.ts'

/** Merges of one case into another (docs/merge.md). */
export function caseMergeStore(): CaseMergeStore {
  const { doc, config } = tableContext()
  return createMergeRepository(doc, config.tableName)
}
