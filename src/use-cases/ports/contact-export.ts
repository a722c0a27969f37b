// Ports of the access export of one contact (docs/privacy.md, Access export): the person index
// (a contact's own items, section by section), the mail ledger of their cases, an address's claim,
// and the signing of the export's page cursors.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).

/**
 * One stored item without its storage internals (keys, TTL): `entity` says what it is (`case`,
 * `comment`, `caseEvent`, `caseFile`, `caseFolder`, `caseWatcher`, `survey`, `sentNotification`,
 * `mailThread`, …), `record` is the item as stored.
 */
export interface StoredRecord {
  entity: string
  record: Record<string, unknown>
}

/**
 * Where a read of the person index stopped: opaque to the use case, which only hands it back to
 * continue after that entry. It travels inside the export's signed cursor, so it must be plain JSON.
 */
export type IndexPosition = Record<string, string>

/** One entry of the person index and the item it points at (undefined: deleted since it was listed). */
export interface PersonItem {
  item: StoredRecord | undefined
  /** Reading again after this position continues with the next entry. */
  position: IndexPosition
}

/** A case the person is the contact of (`case`) or watches (`watcher`), from the person index. */
export interface PersonCase {
  caseId: string
  kind: 'case' | 'watcher'
  /** Reading again after this position continues with the next case. */
  position: IndexPosition
}

/** A slice of the person index, and whether entries may follow it. */
export interface IndexSlice<T> {
  entries: T[]
  more: boolean
}

/** Who a case is for: the tenant it belongs to and its contact. */
export interface CaseOwner {
  accountId: string
  contactId: string
}

/**
 * The table side of the access export: Queries, GetItems and BatchGetItems only, no Scan, and
 * nothing that grows with the size of the person's account (docs/data-model.md, person index).
 */
export interface ContactExportSource {
  /** At most `limit` of the person's own items after `after`, section by section, oldest first within each. */
  personItems(
    contactId: string,
    after: IndexPosition | undefined,
    limit: number,
  ): Promise<IndexSlice<PersonItem>>
  /** At most `limit` of the cases the person is the contact of, then those they watch, after `after`. */
  personCases(
    contactId: string,
    after: IndexPosition | undefined,
    limit: number,
  ): Promise<IndexSlice<PersonCase>>
  /** The account and contact of a case, if it still exists. */
  caseOwner(caseId: string): Promise<CaseOwner | undefined>
  /** The ids of a case's history events, oldest first. */
  caseEventIds(caseId: string): Promise<string[]>
  /** A case's e-mail bookkeeping: sent-notification and mail-thread records. */
  caseMailRecords(caseId: string): Promise<StoredRecord[]>
  /** The claim of an e-mail address (who owns it), if any. */
  emailClaim(email: string): Promise<Record<string, unknown> | undefined>
}

/**
 * Signs and checks the export's page cursors (the list routes' codec, docs/architecture.md): a
 * cursor is only valid for the `context` it was issued for, so it cannot be edited or replayed
 * against another contact; `decode` throws a `ValidationError` (400) otherwise.
 */
export interface ExportCursors {
  encode(position: unknown, context: string): string
  decode(cursor: string, context: string): unknown
}
