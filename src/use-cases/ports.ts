import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Account, Contact, StaffMember } from '#src/domain/directory.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import type { SlaPolicy } from '#src/domain/sla/policy.ts'
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
  /** Only the cases assigned to this staff member. */
  assigneeId?: string | undefined
  limit: number
  cursor?: string | undefined
  /** Newest month the all-cases timeline starts from. */
  now: Date
}

export interface CasePage {
  cases: Case[]
  nextCursor: string | null
}

export interface PageRequest {
  limit: number
  cursor?: string | undefined
}

export interface Paged<T> {
  items: T[]
  nextCursor: string | null
}

/** A change to a case, saved atomically: the case (if `expectedVersion` still holds), its events, and an optional comment. */
export interface CaseChange {
  next: Case
  expectedVersion: number
  events: CaseEvent[]
  comment?: Comment | undefined
}

/** The case changed since it was read: its version is no longer the one the change was based on. */
export class StaleCaseError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} changed concurrently`)
    this.name = 'StaleCaseError'
  }
}

export interface CaseStore {
  /** Atomically takes the next case sequence number (never reused, gaps possible). */
  nextCaseSequence(now: Date): Promise<number>
  /** Writes a new case, its number claim and its first event in one transaction. */
  insertCase(newCase: Case, event: CaseEvent): Promise<void>
  /** The case if it exists and lies within the scope; otherwise undefined (another tenant's case is simply not found). */
  findCase(scope: AccessScope, caseId: string): Promise<Case | undefined>
  listCases(query: CaseListQuery): Promise<CasePage>
  /** Saves a change in one transaction; throws StaleCaseError if the case's version moved on. */
  saveCaseChange(change: CaseChange): Promise<void>
  /** Adds a comment and its event without touching the case item, so it never conflicts with case edits. */
  addComment(comment: Comment, event: CaseEvent): Promise<void>
  listComments(caseId: string, options: PageRequest & { includeInternal: boolean }): Promise<Paged<Comment>>
  listEvents(caseId: string, options: PageRequest & { includeInternal: boolean }): Promise<Paged<CaseEvent>>
  /** A queue's active cases, oldest first. */
  listQueueCases(queue: string, options: PageRequest): Promise<Paged<Case>>
}

export interface ContactDirectory {
  findContact(contactId: string): Promise<Contact | undefined>
}

export interface StaffDirectory {
  findStaffMember(userId: string): Promise<StaffMember | undefined>
}

/** The timers of a case (DESIGN §2: hints; the table is the truth). */
export const timerKinds = ['sla-warning', 'sla-breach', 'pending-closure', 'auto-close'] as const
export type TimerKind = (typeof timerKinds)[number]

/** What a timer delivers to the timer handler when it fires: the schedule's input, verbatim. */
export interface TimerFired {
  caseId: string
  kind: TimerKind
  /** When the timer was meant to fire, ISO 8601 UTC. */
  dueAt: string
}

/**
 * One-time timers, at most one per case and kind (the name is deterministic), so setting a timer
 * again replaces it and clearing it twice is harmless. EventBridge Scheduler in AWS; a local
 * endpoint that speaks the Scheduler API on a laptop.
 */
export interface TimerScheduler {
  /** Creates the timer, or moves it to `dueAt` if it exists. */
  set(timer: TimerFired): Promise<void>
  /** Deletes the timer if it exists. */
  clear(caseId: string, kind: TimerKind): Promise<void>
}

/** Business calendars and SLA policies: stored ones, or the built-in defaults. */
export interface SlaSettings {
  calendar(calendarId: string): Promise<Calendar | undefined>
  policy(policyId: string): Promise<SlaPolicy | undefined>
  saveCalendar(calendar: Calendar, at: string): Promise<void>
  savePolicy(policy: SlaPolicy, at: string): Promise<void>
}

export interface AccountDirectory {
  findAccount(accountId: string): Promise<Account | undefined>
}
