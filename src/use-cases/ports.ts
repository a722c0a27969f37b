import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { CaseFile, CaseFolder } from '#src/domain/case-file.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Account, Contact, StaffMember } from '#src/domain/directory.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { DayAggregate, MetricsContribution, SeverityCounts } from '#src/domain/metrics/case-metrics.ts'
import type { Calendar } from '#src/domain/sla/calendar.ts'
import type { SlaPolicy } from '#src/domain/sla/policy.ts'
import type { Survey, SurveyAnswer } from '#src/domain/survey.ts'
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
  /** One comment by its key parts; the comment of a `comment.added` event was created at the event's time. */
  findComment(caseId: string, createdAt: string, commentId: string): Promise<Comment | undefined>
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

/** A file's record and its events, saved atomically if the record's `expectedVersion` still holds. */
export interface FileChange {
  next: CaseFile
  expectedVersion: number
  events: CaseEvent[]
}

/** The file record changed since it was read. */
export class StaleFileError extends Error {
  constructor(readonly fileId: string) {
    super(`file ${fileId} changed concurrently`)
    this.name = 'StaleFileError'
  }
}

/** One entry of a case's file tree. */
export type FileTreeEntry = ({ kind: 'folder' } & CaseFolder) | ({ kind: 'file' } & CaseFile)

/** The records of case files and folders (DynamoDB): the truth about every file, whatever storage holds. */
export interface FileCatalog {
  /** Writes a new pending file; nothing has happened to the case yet, so no event goes with it. */
  insertFile(file: CaseFile): Promise<void>
  findFile(caseId: string, fileId: string): Promise<CaseFile | undefined>
  /** Saves a change with its events in one transaction; throws StaleFileError if the version moved on. */
  saveFileChange(change: FileChange): Promise<void>
  insertFolder(folder: CaseFolder, event: CaseEvent): Promise<void>
  findFolder(caseId: string, folderId: string): Promise<CaseFolder | undefined>
  /** The case's folders and files (deleted files left out), in one paged list. */
  listTree(caseId: string, page: PageRequest): Promise<Paged<FileTreeEntry>>
}

/** Which object of a case file: storage keys are built from these ids alone, never from a file name. */
export interface FileObjectRef {
  accountId: string
  caseId: string
  fileId: string
}

/** A presigned POST form: the client posts `fields` and then the file (field `file`) to `url`. */
export interface UploadForm {
  url: string
  fields: Record<string, string>
  expiresAt: string
}

export interface DownloadLink {
  url: string
  expiresAt: string
}

/** What storage says about an uploaded object: measured, not declared. */
export interface StoredObject {
  size: number
  contentType: string | undefined
  versionId?: string | undefined
  etag?: string | undefined
}

/** A malware scan's verdict, where scanning is on (GuardDuty Malware Protection for S3 tags the object). */
export type ScanVerdict = 'pending' | 'clean' | 'threats_found' | 'failed'

/**
 * Object storage for case files (S3 in AWS, s3rver locally). Uploads land in a quarantine area
 * and are promoted to the files area only after the server-side check, so whatever a client
 * posts is never served before it was checked.
 */
export interface FileStore {
  /** A presigned POST for exactly this object: 1 byte to 10 MB, the declared media type, a short expiry. */
  presignUpload(ref: FileObjectRef, options: { contentType: string }): Promise<UploadForm>
  /** The uploaded (unchecked) object, or undefined if there is none. */
  headUpload(ref: FileObjectRef): Promise<StoredObject | undefined>
  /** The first `bytes` bytes of the uploaded object (fewer if it is shorter). */
  readUploadStart(ref: FileObjectRef, bytes: number): Promise<Uint8Array>
  /** Copies the checked upload into the files area; answers the new object's version, where versioned. */
  promoteUpload(ref: FileObjectRef, checked: StoredObject): Promise<{ versionId: string | undefined }>
  /**
   * Writes bytes the server itself has already checked (an e-mail attachment) straight into the
   * files area; answers the object's version, where versioned. Writing the same file again replaces it.
   */
  storeFile(
    ref: FileObjectRef,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<{ versionId: string | undefined }>
  /** Removes an upload (the given version for good, where versioned). Removing nothing is fine. */
  deleteUpload(ref: FileObjectRef, versionId?: string | undefined): Promise<void>
  /** A short-lived GET link that downloads the checked object as an attachment named `fileName`. */
  presignDownload(
    ref: FileObjectRef,
    options: { fileName: string; contentType: string; versionId?: string | undefined },
  ): Promise<DownloadLink>
  /** Removes a file's object (versioned buckets keep it as a noncurrent version until the lifecycle rule ends it). */
  deleteFile(ref: FileObjectRef): Promise<void>
  /** The malware scan's verdict on the file's object. */
  scanVerdict(ref: FileObjectRef, versionId?: string | undefined): Promise<ScanVerdict>
}

/** An e-mail address with an optional display name. */
export interface MailAddress {
  address: string
  name?: string | undefined
}

/** One outgoing e-mail; the sender (the support address) and the configuration set come from the adapter's config. */
export interface OutgoingMail {
  to: MailAddress[]
  /** The signed per-case reply address (or none, for mail that must not be answered). */
  replyTo?: string | undefined
  subject: string
  text: string
  html: string
  /** Extra headers, e.g. `In-Reply-To`/`References` when answering a mail, `Auto-Submitted` on auto-replies. */
  headers?: Record<string, string> | undefined
  /** Message tags (SES configuration-set event destinations, metrics by kind). */
  tags?: Record<string, string> | undefined
}

/** Sends e-mail: SES v2 in AWS, aws-ses-v2-local on a laptop. */
export interface Mailer {
  /** Answers the provider's message id (SES: the local part of the `Message-ID` header it sets). */
  send(mail: OutgoingMail): Promise<{ messageId: string }>
}

/** What the mail bookkeeping remembers about one sent notification. */
export interface SentNotification {
  /** Deterministic per event, kind and recipient, so a redelivered event finds it. */
  notificationId: string
  messageId: string
  caseId: string
  accountId: string
  sentAt: string
}

/**
 * E-mail bookkeeping in the table: which notifications went out (a redelivered event never mails
 * twice), which case a sent message belongs to (replies quoting it in References find the case),
 * which inbound messages were handled, and when an unregistered sender last got an auto-reply.
 */
export interface MailLedger {
  wasSent(notificationId: string): Promise<boolean>
  /** Records a sent notification and its message's thread (the case it belongs to). */
  recordSent(sent: SentNotification): Promise<void>
  /** The case a message we sent belongs to, by the provider's message id. */
  findThread(messageId: string): Promise<{ caseId: string; accountId: string } | undefined>
  wasInboundHandled(messageId: string): Promise<boolean>
  markInboundHandled(messageId: string, outcome: string, at: Date): Promise<void>
  /** Takes the one auto-reply `email` may get per window; false when it already had one within the window. */
  claimAutoReply(email: string, at: Date, windowSeconds: number): Promise<boolean>
}

/** The survey was already answered: a second answer is refused (409). */
export class SurveyAlreadyAnsweredError extends Error {
  constructor(readonly caseId: string) {
    super(`survey of case ${caseId} already answered`)
    this.name = 'SurveyAlreadyAnsweredError'
  }
}

export interface SurveyStore {
  /** Opens the case's survey unless it exists; answers the stored one either way (idempotent). */
  openSurvey(survey: Survey): Promise<Survey>
  findSurvey(caseId: string): Promise<Survey | undefined>
  /** Records the answer with its case event in one transaction; throws SurveyAlreadyAnsweredError on a second answer. */
  recordAnswer(caseId: string, answer: SurveyAnswer, event: CaseEvent): Promise<void>
}

// --- accounts and contacts ports (issue 7) ---

/** The fields of an account a change sets; `null` removes an optional one. */
export interface AccountChange {
  name?: string
  serviceLevel?: Account['serviceLevel']
  locale?: Account['locale']
  calendarId?: string
  slaPolicyId?: string
  slaOverride?: NonNullable<Account['slaOverride']> | null
  emailDomains?: string[]
  responsibleManagerId?: string | null
  accountManagerId?: string | null
  escalationRecipients?: NonNullable<Account['escalationRecipients']> | null
}

/** The account's version is no longer the one the change was based on (`If-Match`). */
export class StaleAccountError extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} changed concurrently`)
    this.name = 'StaleAccountError'
  }
}

/** Customer accounts, as the operator's admins manage them. */
export interface AccountStore extends AccountDirectory {
  /** Every account, by name. */
  listAccounts(page: PageRequest): Promise<Paged<Account>>
  /** Creates the account unless its id is taken; true when it was created. */
  putAccountIfAbsent(account: Account): Promise<boolean>
  /**
   * Applies `change` atomically and counts the version up; answers the account as it is now, or
   * undefined if there is none. With `expectedVersion`, throws StaleAccountError unless the account is
   * still at that version.
   */
  updateAccount(
    accountId: string,
    change: AccountChange,
    options: { at: string; expectedVersion?: number | undefined },
  ): Promise<Account | undefined>
}

/** The fields of a contact a change sets. */
export interface ContactChange {
  name?: string
  role?: Contact['role']
  active?: boolean
  locale?: NonNullable<Contact['locale']>
}

/** The contact changed (or left the account) since it was read. */
export class StaleContactError extends Error {
  constructor(readonly contactId: string) {
    super(`contact ${contactId} changed concurrently`)
    this.name = 'StaleContactError'
  }
}

/** A customer account's contacts, as its customer admins and the operator's admins manage them. */
export interface ContactStore extends ContactDirectory {
  /** Who an address is registered to (contacts and staff share one address space). */
  findEmailOwner(email: string): Promise<{ userId: string; kind: 'contact' | 'staff' } | undefined>
  /** An account's contacts, by e-mail address. */
  listContacts(accountId: string, page: PageRequest): Promise<Paged<Contact>>
  /** Writes the contact and claims its address in one transaction; false when the id or address is taken. */
  registerContactIfAbsent(contact: Contact): Promise<boolean>
  /**
   * Applies `change` to a contact of `before.accountId` if its role and active flag are still those of
   * `before`; answers the contact as it is now. Throws StaleContactError otherwise.
   */
  updateContact(before: Contact, change: ContactChange, at: string): Promise<Contact>
  /** Removes a contact and its address claim again (undoing a registration that failed half-way). */
  removeContact(contact: Contact): Promise<void>
}

/** A user as the identity provider creates it: signs in with the address and belongs to the account. */
export interface NewIdentityUser {
  email: string
  name: string
  accountId: string
  locale?: Contact['locale']
}

/** The identity provider already has a user with this address (one the directory does not know). */
export class IdentityUserExistsError extends Error {
  constructor(readonly email: string) {
    super(`the identity provider already has a user ${email}`)
    this.name = 'IdentityUserExistsError'
  }
}

/**
 * Where contacts sign in: Cognito in AWS (groups are roles, `custom:accountId` the tenant); locally
 * the token issuer, which reads the directory and needs nothing more. Every call but `createUser`
 * is idempotent, so a request that failed half-way converges when it is retried.
 */
export interface IdentityProvider {
  /** Creates the user, in no role group yet (a user without a role may call nothing); answers its subject id. */
  createUser(user: NewIdentityUser): Promise<{ userId: string }>
  /** Puts the user in the role's group. */
  addToRole(userId: string, role: Contact['role']): Promise<void>
  /** Takes the user out of the role's group. */
  removeFromRole(userId: string, role: Contact['role']): Promise<void>
  /** Lets the user sign in again, or stops it from signing in. */
  setActive(userId: string, active: boolean): Promise<void>
  /** Deletes the user (undoing a registration that failed half-way). */
  deleteUser(userId: string): Promise<void>
}

// --- knowledge base ports (issue 7) ---

type Article = import('#src/domain/kb/article.ts').Article
type ArticleStatus = import('#src/domain/kb/article.ts').ArticleStatus
type Locale = import('#src/domain/vocabulary.ts').Locale

/** Which articles a list or a search may show. A customer's query always names `published` alone. */
export interface ArticleFilter {
  statuses: readonly ArticleStatus[]
  locale?: Locale | undefined
  /** One product, compared folded (`Caseline ERP` = `caseline erp`). */
  product?: string | undefined
}

/** The article's version moved on since it was read (`If-Match`). */
export class StaleArticleError extends Error {
  constructor(readonly articleId: string) {
    super(`article ${articleId} changed concurrently`)
    this.name = 'StaleArticleError'
  }
}

/** The case already became an article: a case is written up once. */
export class CaseArticleExistsError extends Error {
  constructor(
    readonly caseId: string,
    readonly articleId: string | undefined,
  ) {
    super(`case ${caseId} already became article ${articleId ?? '(unknown)'}`)
    this.name = 'CaseArticleExistsError'
  }
}

/** Knowledge-base articles in the table. */
export interface ArticleStore {
  /** Writes a new article; one with a `sourceCaseId` claims its case, else CaseArticleExistsError. */
  insertArticle(article: Article): Promise<void>
  findArticle(articleId: string): Promise<Article | undefined>
  /** Saves a change; throws StaleArticleError unless the stored article is still at `expectedVersion`. */
  saveArticle(next: Article, expectedVersion: number): Promise<void>
  /** Articles newest first. */
  listArticles(query: ArticleFilter & PageRequest): Promise<Paged<Article>>
}

/** An article as a list or a search shows it: no body, a short snippet of it instead. */
export type ArticleSummary = Omit<Article, 'body'> & { snippet: string }

/** One ranked search result. `score` is relative: comparable within one answer only. */
export interface ArticleHit {
  article: ArticleSummary
  score: number
}

/** A case being written, as the search-before-you-submit step sends it. */
export interface CaseDraftText {
  title: string
  description?: string | undefined
  product?: string | undefined
}

/** Ranked full-text search over the knowledge base. */
export interface ArticleSearch {
  /** Articles matching `text`, best first: those with all its words if any, else those with some. */
  search(query: ArticleFilter & { text: string }, page: PageRequest): Promise<Paged<ArticleHit>>
  /** The best few articles for a case draft: its title weighs more than its description; its product boosts. */
  suggest(draft: CaseDraftText, filter: ArticleFilter, limit: number): Promise<ArticleHit[]>
}

/** The knowledge base's revision: counted up by every article write, together with the article it wrote. */
export interface ArticleRevision {
  revision: number
  lastArticleId?: string | undefined
}

/** What an in-process search index is loaded from and kept fresh with. */
export interface ArticleCorpus {
  /** Strongly consistent: a write acknowledged to anyone is counted here. */
  readRevision(): Promise<ArticleRevision>
  /** Every article, all statuses and locales (a Query per locale and status partition). */
  loadArticles(): Promise<Article[]>
  findArticle(articleId: string): Promise<Article | undefined>
}

// --- metrics ports (issue 7) ---

/**
 * The metrics aggregates (docs/metrics.md): per UTC day × account × severity, plus the same for all
 * accounts together, and the running count of open cases. Only the event handler writes them.
 */
export interface MetricsStore {
  /**
   * Adds one event's contribution to its account's and the all-accounts aggregates, once: a
   * redelivered event (same id) changes nothing and answers `duplicate`.
   */
  recordContribution(contribution: MetricsContribution, at: Date): Promise<'recorded' | 'duplicate'>
  /** The day aggregates of a scope whose day lies in [from, to] (UTC dates, both included). */
  listDays(scope: AccessScope, from: string, to: string): Promise<DayAggregate[]>
  /** The cases open now, per severity: every filing less every ending, as recorded so far. */
  openCases(scope: AccessScope): Promise<SeverityCounts>
}

/** One page of the export: cases created within [from, to] (UTC dates, both included), oldest first. */
export interface CaseExportQuery {
  from: string
  to: string
  limit: number
  cursor?: string | undefined
}

/** Every account's cases by creation time, for the staff export. */
export interface CaseExportSource {
  listCasesCreatedBetween(query: CaseExportQuery): Promise<CasePage>
}
