import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Account, Contact, StaffMember } from '#src/domain/directory.ts'
import { StaleCaseError } from '#src/domain/errors.ts'
import type { AccessScope, Caller } from '#src/domain/identity.ts'
import { type Calendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { defaultSlaPolicy, type SlaPolicy } from '#src/domain/sla/policy.ts'
import type { TimerKind } from '#src/domain/timers.ts'
import type { CreateCaseInput } from '#src/use-cases/create-case.ts'
import type { CaseFieldAdmin, CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import type {
  CaseChange,
  CaseItemsPage,
  CaseListQuery,
  CasePage,
  CaseStore,
  QueuePageRequest,
} from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator, Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type {
  AccountDirectory,
  ContactDirectory,
  ContactsAndAccount,
  StaffDirectory,
} from '#src/use-cases/ports/directory.ts'
import type {
  SettingVersion,
  SlaSettings,
  SlaSettingsAdmin,
  SlaSettingVersions,
} from '#src/use-cases/ports/sla.ts'
import type { TimerFired, TimerScheduler } from '#src/use-cases/ports/timers.ts'
import { InMemoryQueueSettings } from './queues.ts'

/**
 * Small in-memory fakes of the use-case ports, handed to use cases as dependencies. They record what
 * the use case asked of them so tests can assert on it, and they keep the tenant rule of the real
 * store (a case outside the scope is not found) so use-case tests exercise the same contract.
 */

export const now = new Date('2026-11-25T10:00:00.000Z')

/** A clock that always answers the same instant. */
export function fixedClock(at: Date = now): Clock {
  return { now: () => new Date(at) }
}

/** A clock that moves on by `stepMs` every time it is read, so successive actions get distinct times. */
export function steppingClock(start: Date = now, stepMs = 60_000): Clock {
  let next = start.getTime()
  return {
    now() {
      const at = new Date(next)
      next += stepMs
      return at
    },
  }
}

/** Ids `id-1`, `id-2`, ... in the order they are asked for. */
export function sequentialIds(prefix = 'id'): IdGenerator & { issued: string[] } {
  const issued: string[] = []
  return {
    issued,
    newId() {
      const id = `${prefix}-${issued.length + 1}`
      issued.push(id)
      return id
    },
  }
}

/** As the DynamoDB directory's one batch read: the contacts found among `contactIds`, and the account. */
export async function readContactsAndAccount(
  directory: Pick<ContactDirectory, 'findContact'>,
  accounts: AccountDirectory,
  contactIds: readonly string[],
  accountId: string,
): Promise<ContactsAndAccount> {
  const contacts = new Map<string, Contact>()
  for (const contactId of contactIds) {
    const contact = await directory.findContact(contactId)
    if (contact) contacts.set(contactId, contact)
  }
  return { contacts, account: await accounts.findAccount(accountId) }
}

export class InMemoryContactDirectory implements ContactDirectory {
  private readonly contacts = new Map<string, Contact>()
  /** The batch reads asked for, to check that filing a case reads its contacts and account at once. */
  readonly batchReads: { contactIds: readonly string[]; accountId: string }[] = []

  /** `accounts`: where the batch read finds the account (the demo accounts by default). */
  constructor(
    contacts: Contact[] = [],
    private readonly accounts: AccountDirectory = new InMemoryAccounts(),
  ) {
    for (const contact of contacts) this.contacts.set(contact.id, contact)
  }

  async findContact(contactId: string): Promise<Contact | undefined> {
    return this.contacts.get(contactId)
  }

  async findContactsAndAccount(contactIds: readonly string[], accountId: string) {
    this.batchReads.push({ contactIds, accountId })
    return readContactsAndAccount(this, this.accounts, contactIds, accountId)
  }
}

export class InMemoryStaffDirectory implements StaffDirectory {
  private readonly members = new Map<string, StaffMember>()

  constructor(members: StaffMember[] = []) {
    for (const member of members) this.members.set(member.id, member)
  }

  async findStaffMember(userId: string): Promise<StaffMember | undefined> {
    return this.members.get(userId)
  }
}

function inScope(scope: AccessScope, c: Case): boolean {
  return scope.kind === 'all' || c.accountId === scope.accountId
}

export class InMemoryCaseStore implements CaseStore {
  readonly cases = new Map<string, Case>()
  readonly inserted: { case: Case; event: CaseEvent }[] = []
  readonly findCalls: { scope: AccessScope; caseId: string }[] = []
  readonly listQueries: CaseListQuery[] = []
  private sequence: number

  /**
   * Stands in for the table stream: called with each case item written (before → after), once the
   * write is done, as the event handler receives it in AWS (there, moments later).
   */
  onCaseWritten: ((before: Case | undefined, after: Case) => Promise<unknown>) | undefined

  constructor(options: { cases?: Case[]; lastSequence?: number } = {}) {
    for (const c of options.cases ?? []) this.cases.set(c.id, c)
    this.sequence = options.lastSequence ?? 1000
  }

  async nextCaseSequence(): Promise<number> {
    this.sequence += 1
    return this.sequence
  }

  async insertCase(newCase: Case, event: CaseEvent): Promise<void> {
    this.inserted.push({ case: newCase, event })
    this.cases.set(newCase.id, newCase)
    await this.onCaseWritten?.(undefined, newCase)
  }

  async findCase(scope: AccessScope, caseId: string): Promise<Case | undefined> {
    this.findCalls.push({ scope, caseId })
    const found = this.cases.get(caseId)
    return found && inScope(scope, found) ? found : undefined
  }

  async listCases(query: CaseListQuery): Promise<CasePage> {
    this.listQueries.push(query)
    const matching = [...this.cases.values()]
      .filter((c) => inScope(query.scope, c))
      .filter((c) => query.status === undefined || c.status === query.status)
      .filter((c) => query.severity === undefined || c.severity === query.severity)
      .filter((c) => query.label === undefined || (c.labels ?? []).includes(query.label))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    return { cases: matching.slice(0, query.limit), nextCursor: null }
  }

  readonly events: CaseEvent[] = []
  readonly comments: Comment[] = []
  /** Set to make the next saveCaseChange fail as if another writer had changed the case first. */
  failNextSaveAsStale = false

  async saveCaseChange(change: CaseChange, _previous?: Case): Promise<void> {
    const current = this.cases.get(change.next.id)
    if (this.failNextSaveAsStale || current?.version !== change.expectedVersion) {
      this.failNextSaveAsStale = false
      throw new StaleCaseError(change.next.id)
    }
    this.cases.set(change.next.id, change.next)
    this.events.push(...change.events)
    if (change.comment) this.comments.push(change.comment)
    await this.onCaseWritten?.(current, change.next)
  }

  async addComment(comment: Comment, event: CaseEvent): Promise<void> {
    this.comments.push(comment)
    this.events.push(event)
  }

  async findComment(caseId: string, createdAt: string, commentId: string): Promise<Comment | undefined> {
    return this.comments.find((c) => c.caseId === caseId && c.createdAt === createdAt && c.id === commentId)
  }

  /** The lists' calls, to check that each page is one call of the store and no `findCase`. */
  readonly listCalls: { list: 'comments' | 'events'; scope: AccessScope; caseId: string }[] = []

  /** As the real store: undefined for a missing case or one outside the scope. */
  private caseInScope(scope: AccessScope, caseId: string): boolean {
    const found = this.cases.get(caseId)
    return found !== undefined && inScope(scope, found)
  }

  async listComments(
    scope: AccessScope,
    caseId: string,
    options: CaseItemsPage,
  ): Promise<Paged<Comment> | undefined> {
    this.listCalls.push({ list: 'comments', scope, caseId })
    if (!this.caseInScope(scope, caseId)) return undefined
    const items = this.comments
      .filter((c) => c.caseId === caseId && (options.includeInternal || c.visibility === 'public'))
      .slice(0, options.limit)
    return { items, nextCursor: null }
  }

  async listEvents(
    scope: AccessScope,
    caseId: string,
    options: CaseItemsPage,
  ): Promise<Paged<CaseEvent> | undefined> {
    this.listCalls.push({ list: 'events', scope, caseId })
    if (!this.caseInScope(scope, caseId)) return undefined
    const items = this.events
      .filter((e) => e.caseId === caseId && (options.includeInternal || e.visibility === 'public'))
      .slice(0, options.limit)
    return { items, nextCursor: null }
  }

  async listQueueCases(queue: string, options: QueuePageRequest): Promise<Paged<Case>> {
    const items = [...this.cases.values()]
      .filter((c) => c.queue === queue && c.status !== 'closed' && c.status !== 'cancelled')
      .filter((c) => options.label === undefined || (c.labels ?? []).includes(options.label))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, options.limit)
    return { items, nextCursor: null }
  }
}

// Builders: valid objects with sensible defaults, overridden per test where it matters.

export function aContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'alice',
    accountId: 'acme',
    email: 'alice@acme.example',
    name: 'Alice',
    role: 'customer',
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

export function aCustomer(overrides: Partial<Extract<Caller, { kind: 'customer' }>> = {}): Caller {
  return {
    kind: 'customer',
    userId: 'alice',
    email: 'alice@acme.example',
    role: 'customer',
    accountId: 'acme',
    ...overrides,
  }
}

export function aStaffMember(overrides: Partial<Extract<Caller, { kind: 'staff' }>> = {}): Caller {
  return { kind: 'staff', userId: 'sam', email: 'sam@vendor.example', role: 'agent', ...overrides }
}

/** A staff member as the directory stores it (not the signed-in caller: see `aStaffMember`). */
export function aStaffRecord(overrides: Partial<StaffMember> = {}): StaffMember {
  return {
    id: 'sam',
    email: 'sam@vendor.example',
    name: 'Sam',
    role: 'agent',
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

export function aCase(overrides: Partial<Case> = {}): Case {
  return {
    id: 'case-1',
    number: 'CS-1001',
    accountId: 'acme',
    contactId: 'alice',
    title: 'Invoices fail to print',
    description: 'Printing an invoice shows error 42.',
    product: 'ERP',
    type: 'general_inquiry',
    severity: 'standard',
    priority: 'normal',
    queue: 'support',
    status: 'new',
    tier: 2,
    escalationLevel: 0,
    version: 1,
    createdBy: 'alice',
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  }
}

/** A create-case input as the HTTP layer hands it to the use case (defaults already applied). */
export function aCreateCaseInput(overrides: Partial<CreateCaseInput> = {}): CreateCaseInput {
  return {
    title: 'Invoices fail to print',
    description: 'Printing an invoice shows error 42.',
    product: 'ERP',
    type: 'general_inquiry',
    severity: 'standard',
    ...overrides,
  }
}

/** Records every timer the use cases set or clear, keeping the current set per case and kind. */
export class InMemoryTimerScheduler implements TimerScheduler {
  readonly timers = new Map<string, TimerFired>()
  readonly calls: { op: 'set' | 'clear'; caseId: string; kind: TimerKind; dueAt?: string }[] = []

  async set(timer: TimerFired): Promise<void> {
    this.calls.push({ op: 'set', ...timer })
    this.timers.set(`${timer.caseId}/${timer.kind}`, timer)
  }

  async clear(caseId: string, kind: TimerKind): Promise<void> {
    this.calls.push({ op: 'clear', caseId, kind })
    this.timers.delete(`${caseId}/${kind}`)
  }
}

/**
 * One kind of SLA setting in memory, with the repository's versions: a built-in is version 1, so
 * its first save is version 2; a new id's first save is version 1. `get`, `has` and `set` read and
 * add the latest definition, as when this was a Map of definitions, so tests may still use it so.
 */
export class InMemorySettingVersions<T> {
  private readonly versions = new Map<string, SettingVersion<T>[]>()

  constructor(builtIns: readonly (T & { id: string })[]) {
    for (const definition of builtIns) this.versions.set(definition.id, [{ version: 1, definition }])
  }

  /** The latest definition of `id`. */
  get(id: string): T | undefined {
    return this.versions.get(id)?.at(-1)?.definition
  }

  has(id: string): boolean {
    return this.versions.has(id)
  }

  /** Adds `definition` as the next version of `id`, as a save would (without a time). */
  set(id: string, definition: T): this {
    this.add(id, definition)
    return this
  }

  add(id: string, definition: T, savedAt?: string): SettingVersion<T> {
    const history = this.versions.get(id) ?? []
    const saved = { version: (history.at(-1)?.version ?? 0) + 1, savedAt, definition }
    this.versions.set(id, [...history, saved])
    return saved
  }

  /** The latest version, or the one asked for. */
  find(id: string, version?: number): SettingVersion<T> | undefined {
    const history = this.versions.get(id)
    return version === undefined ? history?.at(-1) : history?.find((v) => v.version === version)
  }

  /** Newest first; the cursor is the last version listed. */
  list(id: string, page: PageRequest): Paged<SettingVersion<T>> | undefined {
    const history = this.versions.get(id)
    if (!history) return undefined
    const below = page.cursor === undefined ? Number.POSITIVE_INFINITY : Number(page.cursor)
    const newestFirst = history.filter((v) => v.version < below).reverse()
    const items = newestFirst.slice(0, page.limit)
    const last = items.at(-1)
    return { items, nextCursor: last && newestFirst.length > items.length ? String(last.version) : null }
  }
}

/** Calendars and policies: the built-in ones as version 1, plus the versions a test saves. */
export class InMemorySlaSettings implements SlaSettings, SlaSettingsAdmin, SlaSettingVersions {
  readonly calendars = new InMemorySettingVersions<Calendar>([viennaCalendar, followTheSunCalendar])
  readonly policies = new InMemorySettingVersions<SlaPolicy>([defaultSlaPolicy])

  async calendar(id: string, version?: number) {
    return this.calendars.find(id, version)
  }
  async policy(id: string, version?: number) {
    return this.policies.find(id, version)
  }
  async listCalendarVersions(id: string, page: PageRequest) {
    return this.calendars.list(id, page)
  }
  async listPolicyVersions(id: string, page: PageRequest) {
    return this.policies.list(id, page)
  }
  async saveCalendar(calendar: Calendar, at = '2026-01-01T00:00:00.000Z') {
    return this.calendars.add(calendar.id, calendar, at)
  }
  async savePolicy(policy: SlaPolicy, at = '2026-01-01T00:00:00.000Z') {
    return this.policies.add(policy.id, policy, at)
  }
}

export function anAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'acme',
    name: 'ACME',
    serviceLevel: 'premium',
    locale: 'de',
    calendarId: 'vienna',
    slaPolicyId: 'default',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

export class InMemoryAccounts implements AccountDirectory {
  readonly accounts = new Map<string, Account>()
  /** The accounts asked for, in order: the SLA of a case that keeps its terms reads none. */
  readonly reads: string[] = []
  constructor(
    accounts: Account[] = [anAccount(), anAccount({ id: 'globex', serviceLevel: 'standard', locale: 'en' })],
  ) {
    for (const account of accounts) this.accounts.set(account.id, account)
  }
  async findAccount(accountId: string) {
    this.reads.push(accountId)
    return this.accounts.get(accountId)
  }
}

/**
 * The SLA-related and routing dependencies of the case use cases, with the demo accounts, built-in
 * SLA settings and the default queues and routing (seeds).
 */
export function slaFakes() {
  return {
    scheduler: new InMemoryTimerScheduler(),
    slaSettings: new InMemorySlaSettings(),
    accounts: new InMemoryAccounts(),
    queues: new InMemoryQueueSettings(),
  }
}

/** A clock the test moves by hand: it answers the same instant until `set` or `advance` moves it. */
export class ManualClock implements Clock {
  private at: Date

  constructor(at: Date | string = now) {
    this.at = new Date(at)
  }

  now(): Date {
    return new Date(this.at)
  }

  set(at: Date | string): void {
    this.at = new Date(at)
  }

  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms)
  }
}

/** A scheduler whose calls fail (all of them, or only those for the given kinds), recording what was asked. */
export class FailingTimerScheduler extends InMemoryTimerScheduler {
  constructor(private readonly failingKinds: readonly TimerKind[] | 'all' = 'all') {
    super()
  }

  private fails(kind: TimerKind): boolean {
    return this.failingKinds === 'all' || this.failingKinds.includes(kind)
  }

  override async set(timer: TimerFired): Promise<void> {
    if (this.fails(timer.kind)) throw new Error(`Scheduler is unavailable (${timer.kind})`)
    await super.set(timer)
  }

  override async clear(caseId: string, kind: TimerKind): Promise<void> {
    if (this.fails(kind)) throw new Error(`Scheduler is unavailable (${kind})`)
    await super.clear(caseId, kind)
  }
}

/** The timers a case has now in an InMemoryTimerScheduler, as kind → due time. */
export function timersOf(
  scheduler: InMemoryTimerScheduler,
  caseId: string,
): Partial<Record<TimerKind, string>> {
  const timers: Partial<Record<TimerKind, string>> = {}
  for (const timer of scheduler.timers.values()) if (timer.caseId === caseId) timers[timer.kind] = timer.dueAt
  return timers
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the promise to reject')
}

/** The custom field catalogue in memory: reader and writer at once; `reads` counts the reads. */
export class InMemoryCaseFields implements CaseFieldCatalogue, CaseFieldAdmin {
  readonly fields = new Map<string, CaseFieldDefinition>()
  reads = 0

  constructor(fields: CaseFieldDefinition[] = []) {
    for (const field of fields) this.fields.set(field.key, field)
  }

  async listFields(): Promise<CaseFieldDefinition[]> {
    this.reads++
    return [...this.fields.values()].sort((a, b) => a.key.localeCompare(b.key))
  }

  listFieldsFresh(): Promise<CaseFieldDefinition[]> {
    return this.listFields()
  }

  async insertField(field: CaseFieldDefinition): Promise<boolean> {
    if (this.fields.has(field.key)) return false
    this.fields.set(field.key, field)
    return true
  }

  async saveField(field: CaseFieldDefinition, expectedVersion: number): Promise<boolean> {
    if (this.fields.get(field.key)?.version !== expectedVersion) return false
    this.fields.set(field.key, field)
    return true
  }
}

/** A custom field definition: an optional text field on every case type that customers see and set. */
export function aCaseField(overrides: Partial<CaseFieldDefinition> = {}): CaseFieldDefinition {
  return {
    key: 'contract_number',
    labels: { de: 'Vertragsnummer', en: 'Contract number' },
    type: 'text',
    caseTypes: [],
    customerVisible: true,
    customerEditable: true,
    active: true,
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...overrides,
  }
}
