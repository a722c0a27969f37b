// The custom field catalogue's ports (docs/custom-fields.md). The use cases depend on these
// interfaces; adapters implement them (docs/architecture.md).
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'

/** Reading the catalogue: every definition, active or not, ordered by key. Read on every case change, so cached briefly. */
export interface CaseFieldCatalogue {
  listFields(): Promise<CaseFieldDefinition[]>
}

/** Writing the catalogue (admins). */
export interface CaseFieldAdmin {
  /** A fresh read of every definition (no cache), for a change that must see the latest. */
  listFieldsFresh(): Promise<CaseFieldDefinition[]>
  /** Adds a definition; false when its key is taken. */
  insertField(field: CaseFieldDefinition): Promise<boolean>
  /** Saves a changed definition; false when the stored one is no longer at `expectedVersion`. */
  saveField(field: CaseFieldDefinition, expectedVersion: number): Promise<boolean>
}
