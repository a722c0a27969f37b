import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Contact } from '#src/domain/directory.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { CaseStatus, Severity } from '#src/domain/vocabulary.ts'

/** The small interfaces use cases depend on. AWS and local adapters implement them; tests hand in fakes. */

export interface Clock {
  now(): Date
}

export interface IdGenerator {
  newId(): string
}

export interface CaseListQuery {
  scope: AccessScope
  status?: CaseStatus | undefined
  severity?: Severity | undefined
  limit: number
  cursor?: string | undefined
  /** Newest month the all-cases timeline starts from. */
  now: Date
}

export interface CasePage {
  cases: Case[]
  nextCursor: string | null
}

export interface CaseStore {
  /** Atomically takes the next case sequence number (never reused, gaps possible). */
  nextCaseSequence(now: Date): Promise<number>
  /** Writes a new case, its number claim and its first event in one transaction. */
  insertCase(newCase: Case, event: CaseEvent): Promise<void>
  /** The case if it exists and lies within the scope; otherwise undefined (another tenant's case is simply not found). */
  findCase(scope: AccessScope, caseId: string): Promise<Case | undefined>
  listCases(query: CaseListQuery): Promise<CasePage>
}

export interface ContactDirectory {
  findContact(contactId: string): Promise<Contact | undefined>
}
