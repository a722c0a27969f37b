import { tableDefinition } from './table-definition.ts'

/**
 * Every key of the single table is built here, by pure functions, and nowhere else.
 * The prefixes keep entity types apart inside shared partitions and indexes; docs/data-model.md
 * lists which access pattern uses which of these keys.
 */

export interface PrimaryKey {
  pk: string
  sk: string
}

/** `2026-11-25T10:00:00.000Z` → `2026-11`: the bucket of the all-cases timeline (gsi3). */
export function monthOf(isoTime: string): string {
  return isoTime.slice(0, 7)
}

export const caseKeys = {
  item: (caseId: string): PrimaryKey => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  /** Index attributes of a case: the account timeline, the status timeline, the monthly timeline. */
  indexes: (c: {
    id: string
    accountId: string
    status: string
    createdAt: string
    queue: string
    assigneeId?: string | undefined
    slaClock?: { state: string; dueAt: string | null } | undefined
  }) => ({
    gsi1pk: accountPartition(c.accountId),
    gsi1sk: `CASE#${c.createdAt}#${c.id}`,
    gsi2pk: casesInStatusPartition(c.status),
    gsi2sk: `${c.createdAt}#${c.id}`,
    gsi3pk: casesCreatedInMonthPartition(monthOf(c.createdAt)),
    gsi3sk: `${c.createdAt}#${c.id}`,
    // Sparse: only active cases sit in a queue; closed and cancelled ones leave its work list.
    ...(c.status === 'closed' || c.status === 'cancelled'
      ? {}
      : { gsi4pk: queuePartition(c.queue), gsi4sk: queueOrder(c) }),
    ...(c.assigneeId ? { gsi5pk: assigneePartition(c.assigneeId), gsi5sk: `${c.createdAt}#${c.id}` } : {}),
  }),
  /** Sort-key prefix that selects an account's cases (not its contacts) in gsi1. */
  accountCasesPrefix: 'CASE#',
  /** Claims a case number, so two cases can never share one and a case can be found by its number. */
  number: (number: string): PrimaryKey => ({ pk: `CASENUMBER#${number}`, sk: 'CASENUMBER' }),
}

export const caseEventKeys = {
  /**
   * Events sort by time inside the case's partition, so the history is one Query; `position` keeps
   * the order of several events written by one change in the same millisecond.
   */
  item: (caseId: string, at: string, eventId: string, position = 0): PrimaryKey => ({
    pk: `CASE#${caseId}`,
    sk: `EVENT#${at}#${String(position).padStart(2, '0')}#${eventId}`,
  }),
  prefix: 'EVENT#',
}

export const commentKeys = {
  /** Comments sort by time inside the case's partition, apart from the case item and its events. */
  item: (caseId: string, createdAt: string, commentId: string): PrimaryKey => ({
    pk: `CASE#${caseId}`,
    sk: `COMMENT#${createdAt}#${commentId}`,
  }),
  prefix: 'COMMENT#',
}

/**
 * A case's file tree lives in the case's partition under one prefix, so the whole tree (folders
 * and files) is one paged Query: `TREE#FILE#<fileId>` sorts before `TREE#FOLDER#<folderId>`.
 */
export const fileTreeKeys = {
  file: (caseId: string, fileId: string): PrimaryKey => ({
    pk: caseItemPartition(caseId),
    sk: `TREE#FILE#${fileId}`,
  }),
  folder: (caseId: string, folderId: string): PrimaryKey => ({
    pk: caseItemPartition(caseId),
    sk: `TREE#FOLDER#${folderId}`,
  }),
  prefix: 'TREE#',
}

/**
 * A queue's order: cases whose first-response clock runs come first, soonest deadline first;
 * then the rest (answered, paused, no SLA) oldest first.
 */
function queueOrder(c: {
  id: string
  createdAt: string
  slaClock?: { state: string; dueAt: string | null } | undefined
}) {
  const clock = c.slaClock
  return clock?.state === 'running' && clock.dueAt
    ? `A#${clock.dueAt}#${c.createdAt}#${c.id}`
    : `B#${c.createdAt}#${c.id}`
}

export function caseItemPartition(caseId: string): string {
  return `CASE#${caseId}`
}

export function queuePartition(queue: string): string {
  return `QUEUE#${queue}`
}

export function assigneePartition(userId: string): string {
  return `ASSIGNEE#${userId}`
}

/** Idempotency records (Powertools) live in one partition per function; the sort key is the hashed request key. */
export function idempotencyPartition(functionName: string): string {
  return `IDEMPOTENCY#${functionName}`
}

export const slaSettingKeys = {
  calendar: (calendarId: string): PrimaryKey => ({ pk: `CALENDAR#${calendarId}`, sk: 'CALENDAR' }),
  policy: (policyId: string): PrimaryKey => ({ pk: `SLAPOLICY#${policyId}`, sk: 'SLAPOLICY' }),
}

export const counterKeys = {
  item: (name: string): PrimaryKey => ({ pk: `COUNTER#${name}`, sk: 'COUNTER' }),
}

export function accountPartition(accountId: string): string {
  return `ACCOUNT#${accountId}`
}

export function casesInStatusPartition(status: string): string {
  return `STATUS#${status}`
}

export function casesCreatedInMonthPartition(month: string): string {
  return `CASEMONTH#${month}`
}

export const accountKeys = {
  item: (accountId: string): PrimaryKey => ({ pk: accountPartition(accountId), sk: 'ACCOUNT' }),
}

export const contactKeys = {
  item: (contactId: string): PrimaryKey => ({ pk: `CONTACT#${contactId}`, sk: 'CONTACT' }),
  indexes: (c: { accountId: string; email: string }) => ({
    gsi1pk: accountPartition(c.accountId),
    gsi1sk: `CONTACT#${c.email}`,
  }),
}

export const staffKeys = {
  item: (userId: string): PrimaryKey => ({ pk: `STAFF#${userId}`, sk: 'STAFF' }),
}

/** One item per e-mail address across contacts and staff: makes addresses unique and sign-in lookups a GetItem. */
export const emailKeys = {
  item: (email: string): PrimaryKey => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' }),
}

/** A case's satisfaction survey: one per case, in the case's partition. */
export const surveyKeys = {
  item: (caseId: string): PrimaryKey => ({ pk: caseItemPartition(caseId), sk: 'SURVEY' }),
}

/**
 * E-mail bookkeeping (issue 6): a sent notification (so a redelivered event never mails twice),
 * the case a sent message belongs to (so a reply whose References name it finds its case), an
 * inbound message already handled, and the last auto-reply to an unregistered sender.
 */
export const mailKeys = {
  sentNotification: (notificationId: string): PrimaryKey => ({
    pk: `NOTIFICATION#${notificationId}`,
    sk: 'NOTIFICATION',
  }),
  thread: (messageId: string): PrimaryKey => ({
    pk: `MAILTHREAD#${messageId.toLowerCase()}`,
    sk: 'MAILTHREAD',
  }),
  inbound: (messageId: string): PrimaryKey => ({ pk: `INBOUND#${messageId}`, sk: 'INBOUND' }),
  autoReply: (email: string): PrimaryKey => ({ pk: `AUTOREPLY#${email.toLowerCase()}`, sk: 'AUTOREPLY' }),
}

// --- rate limits (issue 8) ---

/**
 * One counter per caller (`account#<id>` or `user#<id>`) and minute: its own small item, never in
 * an index, so counting a request is one write of one unit. TTL removes old windows.
 */
export const rateWindowKeys = {
  item: (subject: string, windowStart: string): PrimaryKey => ({
    pk: `RATEWINDOW#${subject}#${windowStart}`,
    sk: 'RATEWINDOW',
  }),
}

// --- accounts and contacts keys (issue 7) ---

/** The sparse partition of gsi2 that holds every account (and nothing else): the admins' account list. */
export const allAccountsPartition = 'ACCOUNTS'

/** Index attributes of an account: its place in the all-accounts list, by name (case-insensitive), then id. */
export const accountIndexKeys = (a: { id: string; name: string }) => ({
  gsi2pk: allAccountsPartition,
  gsi2sk: `${a.name.toLowerCase()}#${a.id}`,
})

/** Sort-key prefix that selects an account's contacts (not its cases) in gsi1. */
export const accountContactsPrefix = 'CONTACT#'

// --- knowledge base keys (issue 7) ---

/** gsi1's sparse partition of every knowledge-base article, newest first (staff lists without a status). */
export const allArticlesPartition = 'KBARTICLES'

/** gsi3's sparse partition of the articles in one status, any locale, newest first. */
export function articlesInStatusPartition(status: string): string {
  return `KBARTICLES#${status}`
}

/** gsi2's sparse partition of the articles of one locale in one status: lists, and the search corpus load. */
export function articlesOfLocalePartition(locale: string, status: string): string {
  return `KBARTICLES#${locale}#${status}`
}

/**
 * Knowledge-base articles (issue 7): one item each, listed through three sparse index partitions
 * whose sort key is the creation time. The revision item is counted up by every article write, in
 * the same transaction, so each Lambda instance's in-memory search index knows when it is stale.
 */
export const articleKeys = {
  item: (articleId: string): PrimaryKey => ({ pk: `KBARTICLE#${articleId}`, sk: 'KBARTICLE' }),
  indexes: (a: { id: string; locale: string; status: string; createdAt: string }) => ({
    gsi1pk: allArticlesPartition,
    gsi1sk: `${a.createdAt}#${a.id}`,
    gsi2pk: articlesOfLocalePartition(a.locale, a.status),
    gsi2sk: `${a.createdAt}#${a.id}`,
    gsi3pk: articlesInStatusPartition(a.status),
    gsi3sk: `${a.createdAt}#${a.id}`,
  }),
  revision: (): PrimaryKey => ({ pk: 'KBREVISION', sk: 'KBREVISION' }),
  /** The article a case became: in the case's partition, so that a case becomes one article at most. */
  fromCase: (caseId: string): PrimaryKey => ({ pk: caseItemPartition(caseId), sk: 'KBARTICLE' }),
}

// --- metrics keys (issue 7) ---

/** Whose metrics: one account's, or all accounts' together (the shape of `AccessScope`). */
type MetricsScope = { kind: 'account'; accountId: string } | { kind: 'all' }

/** The partition of one account's metrics, or of all accounts' together. */
function metricsPartition(scope: MetricsScope): string {
  return scope.kind === 'account' ? `METRICS#ACCOUNT#${scope.accountId}` : 'METRICS#ALL'
}

/**
 * Metrics (docs/metrics.md): one item per UTC day and severity in the scope's partition, so a
 * period is one Query on a sort-key range; the running count of open cases beside them; and a
 * marker per counted event, so a redelivered event is counted once.
 */
export const metricsKeys = {
  day: (scope: MetricsScope, day: string, severity: string): PrimaryKey => ({
    pk: metricsPartition(scope),
    sk: `DAY#${day}#${severity}`,
  }),
  /** The sort-key range (BETWEEN, inclusive) of the days `from` to `to`: `~` sorts after every severity. */
  dayRange: (from: string, to: string) => ({ low: `DAY#${from}#`, high: `DAY#${to}#~` }),
  partition: metricsPartition,
  openCases: (scope: MetricsScope): PrimaryKey => ({
    pk: metricsPartition(scope),
    sk: 'OPENCASES',
  }),
  countedEvent: (eventId: string): PrimaryKey => ({ pk: `METRICSEVENT#${eventId}`, sk: 'METRICSEVENT' }),
}

/**
 * The export's range on the monthly timeline (gsi3): `gsi3sk` is `<createdAt>#<caseId>`, so the
 * cases created on the days `from` to `to` lie between `<from>T` and `<to>T~` (BETWEEN, inclusive).
 */
export function casesCreatedBetween(from: string, to: string): { low: string; high: string } {
  return { low: `${from}T`, high: `${to}T~` }
}

/** The attribute names that are storage internals and must never reach an API response. */
export const keyAttributeNames: readonly string[] = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
]
