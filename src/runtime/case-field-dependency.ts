import {
  type CaseFieldStore,
  createCaseFieldCatalogue,
  createCaseFieldWriter,
} from '#src/adapters/dynamodb/case-field-repository.ts'
import type { CaseFieldAdmin, CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import { tableContext } from './table-context.ts'

let catalogue: CaseFieldStore | undefined

function catalogueStore(): CaseFieldStore {
  if (!catalogue) {
    const { doc, config } = tableContext()
    catalogue = createCaseFieldCatalogue(doc, config.tableName)
  }
  return catalogue
}

/**
 * The custom field catalogue, one per process, so its cache serves every function the process runs
 * (one in Lambda, all of them in the local runtime) and a definition saved in the process is read
 * afresh at once.
 */
export function caseFields(): CaseFieldCatalogue {
  return catalogueStore()
}

/** Adding and changing definitions (the catalogue routes only). */
export function caseFieldAdmin(): CaseFieldAdmin {
  const { doc, config } = tableContext()
  return createCaseFieldWriter(doc, config.tableName, catalogueStore())
}
