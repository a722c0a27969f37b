// Ports of the access export of one contact (docs/privacy.md, Access export): what the table holds
// about the account's cases, item by item, for the use case to pick the person's own.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).

/**
 * One stored item without its storage internals (keys, TTL): `entity` says what it is (`case`,
 * `comment`, `caseEvent`, `caseFile`, `caseWatcher`, `survey`, `sentNotification`, `mailThread`,
 * …), `record` is the item as stored.
 */
export interface StoredRecord {
  entity: string
  record: Record<string, unknown>
}

/** The table side of the access export: every read is a Query or a GetItem, no Scan. */
export interface ContactExportSource {
  /** The ids of the account's cases, a page at a time (the account timeline). */
  accountCaseIds(accountId: string): AsyncIterable<string[]>
  /** Every item of a case's partition: the case, its events, comments, file tree, watchers, survey, … */
  caseRecords(caseId: string): Promise<StoredRecord[]>
  /** A case's e-mail bookkeeping: sent-notification and mail-thread records. */
  caseMailRecords(caseId: string): Promise<StoredRecord[]>
  /** The claim of an e-mail address (who owns it), if any. */
  emailClaim(email: string): Promise<Record<string, unknown> | undefined>
}
