import type { CursorCodec } from '#src/adapters/cursor.ts'
import type { createCaseLabelLists } from '#src/adapters/dynamodb/case-label-lists.ts'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import { noCursors, tableContext } from './table-context.ts'

/**
 * Cases, their comments and their history. A function that lists them passes `cursorCodec`
 * (`cursor-codec.ts`), which signs the lists' cursors; the others leave it out and carry no
 * Secrets Manager client. A function whose lists filter by a label (tags, custom field values)
 * also passes `createCaseLabelLists`, which the functions that write cases do not carry.
 */
export function caseStore(
  cursors: () => Promise<CursorCodec> = noCursors,
  labelLists?: typeof createCaseLabelLists,
): CaseStore {
  const { doc, config } = tableContext()
  return createCaseRepository(doc, config.tableName, cursors, labelLists?.(doc, config.tableName))
}
