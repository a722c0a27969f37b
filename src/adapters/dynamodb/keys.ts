import { nextDueAt, type SlaClocks } from '#src/domain/sla/sla-clock.ts'
import { customerRoles, terminalCaseStatuses } from '#src/domain/vocabulary.ts'
import { type IndexName, tableDefinition } from './table-definition.ts'

/**
 * Every key of the single table is built here, by pure functions, and nowhere else. The prefixes
 * keep entity types apart inside shared partitions and indexes. Each access pattern of
 * docs/data-model.md that reads a partition is one function here: it names the index it reads
 * (none: the table), the partition and the sort-key prefix or range, so repositories never spell
 * an index or an index attribute themselves.
 */

export interface PrimaryKey {
  pk: string
  sk: string
}

/** What a Query reads: one partition of the table (no `index`) or of an index, optionally narrowed to a sort-key prefix. */
export interface AccessPattern {
  index?: IndexName
  partition: string
  sortKeyPrefix?: string
}

/** An access pattern that always narrows its partition to the items of one kind. */
export interface PrefixAccessPattern extends AccessPattern {
  sortKeyPrefix: string
}

/** What a Query reads when it takes a sort-key range of one partition (`BETWEEN low AND high`, both inclusive). */
export interface RangeAccessPattern {
  index?: IndexName
  partition: string
  sortKeyRange: { low: string; high: string }
}

/**
 * The key attributes of the table (no `index`) or of one index: the pair a key condition names,
 * and every attribute of an item's position in a Query of it (what `ExclusiveStartKey` holds).
 */
export function keyAttributesOf(index?: IndexName): {
  partitionKey: string
  sortKey: string
  position: string[]
} {
  const table = { partitionKey: tableDefinition.partitionKey, sortKey: tableDefinition.sortKey }
  if (!index) return { ...table, position: [table.partitionKey, table.sortKey] }
  const definition = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === index)
  if (!definition) throw new Error(`unknown index ${index}`)
  return {
    partitionKey: definition.partitionKey,
    sortKey: definition.sortKey,
    position: [table.partitionKey, table.sortKey, definition.partitionKey, definition.sortKey],
  }
}

/** `<createdAt>#<id>`: orders an index partition by creation time; the id keeps equal times apart. */
function creationOrder(x: { createdAt: string; id: string }): string {
  return `${x.createdAt}#${x.id}`
}

/** `2026-11-25T10:00:00.000Z` → `2026-11`: the bucket of the all-cases timeline (`casesCreatedInMonth`). */
export function monthOf(isoTime: string): string {
  return isoTime.slice(0, 7)
}

/** The prefix of a case's own partition, and of its entries in its account's item collection. */
const casePrefix = 'CASE#'

/** A case's partition: the case item, its events, comments and file tree, its survey and article claim. */
export function caseItemPartition(caseId: string): string {
  return `${casePrefix}${caseId}`
}

/** The case whose partition `pk` is, or undefined for any other partition. */
export function caseIdOfPartition(pk: string): string | undefined {
  return pk.startsWith(casePrefix) ? pk.slice(casePrefix.length) : undefined
}

export const caseKeys = {
  item: (caseId: string): PrimaryKey => ({ pk: caseItemPartition(caseId), sk: 'CASE' }),
  /**
   * Index attributes of a case: the account timeline, the status timeline, the monthly timeline,
   * the queue's work list and the assignee's list (each the partition of its access pattern below).
   */
  indexes: (c: {
    id: string
    accountId: string
    contactId: string
    status: string
    createdAt: string
    queue: string
    assigneeId?: string | undefined
    slaClocks?: SlaClocks | undefined
    slaClock?: { state: string; dueAt: string | null } | undefined
  }) => ({
    gsi1pk: accountPartition(c.accountId),
    gsi1sk: `${casePrefix}${creationOrder(c)}`,
    gsi2pk: casesInStatus(c.status).partition,
    gsi2sk: creationOrder(c),
    gsi3pk: casesCreatedInMonth(monthOf(c.createdAt)).partition,
    gsi3sk: creationOrder(c),
    // Sparse: only active cases sit in a queue; closed and cancelled ones leave its work list.
    ...(isActive(c.status) ? { gsi4pk: queueWorkList(c.queue).partition, gsi4sk: queueOrder(c) } : {}),
    ...(c.assigneeId ? { gsi5pk: assigneeCases(c.assigneeId).partition, gsi5sk: creationOrder(c) } : {}),
    // The contact's own case in the person index: the contact never changes, so neither does the entry.
    ...personEntry(c.contactId, 'case', c.createdAt),
  }),
  /** Claims a case number, so two cases can never share one and a case can be found by its number. */
  number: (number: string): PrimaryKey => ({ pk: `CASENUMBER#${number}`, sk: 'CASENUMBER' }),
}

const isActive = (status: string) => !(terminalCaseStatuses as readonly string[]).includes(status)

/**
 * A queue's order: cases with a counting SLA clock come first, soonest deadline of any of their
 * running clocks first; then the rest (answered, paused, breached, no SLA) oldest first.
 */
function queueOrder(c: {
  id: string
  createdAt: string
  slaClocks?: SlaClocks | undefined
  slaClock?: { state: string; dueAt: string | null } | undefined
}) {
  const legacy = c.slaClock
  const dueAt = c.slaClocks ? nextDueAt(c.slaClocks) : legacy?.state === 'running' ? legacy.dueAt : null
  return dueAt ? `A#${dueAt}#${creationOrder(c)}` : `B#${creationOrder(c)}`
}

/** An account's cases, newest first: its item collection, without its contacts. */
export function accountCases(accountId: string): PrefixAccessPattern {
  return { index: 'gsi1', partition: accountPartition(accountId), sortKeyPrefix: casePrefix }
}

/**
 * An account's cases created before `cutoff` (an ISO time), oldest first when read ascending: the
 * only ones that can have ended before it (docs/privacy.md, Retention). The sort key is
 * `CASE#<createdAt>#<caseId>`, so `CASE#<cutoff>` sorts after every case created earlier and before
 * any created at the cutoff or later.
 */
export function accountCasesCreatedBefore(accountId: string, cutoff: string): RangeAccessPattern {
  return {
    index: 'gsi1',
    partition: accountPartition(accountId),
    sortKeyRange: { low: casePrefix, high: `${casePrefix}${cutoff}` },
  }
}

/**
 * Every item of a case's partition (the case, its events, comments, file tree, links, survey, article
 * claim, and whatever else lives there): what purging the case deletes.
 */
export function caseItems(caseId: string): AccessPattern {
  return { partition: caseItemPartition(caseId) }
}

/** Every account's cases in one status, newest first: the staff work lists. */
export function casesInStatus(status: string): AccessPattern {
  return { index: 'gsi2', partition: `STATUS#${status}` }
}

const caseMonthPrefix = 'CASEMONTH#'

/** The cases created in one month (`yyyy-mm`), newest first: staff lists without a status walk these back. */
export function casesCreatedInMonth(month: string): AccessPattern {
  return { index: 'gsi3', partition: `${caseMonthPrefix}${month}` }
}

/** The month a `casesCreatedInMonth` partition holds (a cursor names the partition only). */
export function monthOfCasesCreatedIn(pattern: { partition: string }): string {
  return pattern.partition.slice(caseMonthPrefix.length)
}

/**
 * The export's range of one month of `casesCreatedInMonth`: the sort key is `<createdAt>#<caseId>`,
 * so the cases created on the days `from` to `to` lie between `<from>T` and `<to>T~`.
 */
export function casesCreatedBetween(month: string, from: string, to: string): RangeAccessPattern {
  return { ...casesCreatedInMonth(month), sortKeyRange: { low: `${from}T`, high: `${to}T~` } }
}

/** The active cases of one queue, in `queueOrder`: the queue's work list (sparse). */
export function queueWorkList(queue: string): AccessPattern {
  return { index: 'gsi4', partition: `QUEUE#${queue}` }
}

/** The cases assigned to one staff member, newest first (`assignee=me`; sparse). */
export function assigneeCases(userId: string): AccessPattern {
  return { index: 'gsi5', partition: `ASSIGNEE#${userId}` }
}

/**
 * `LABEL#<label>`: the staff list's partition, and with the account's or the queue's partition in
 * front, theirs. The access patterns below and the label item's keys share these, but the indexes
 * call no access pattern, so a function that writes label items carries no list's code
 * (docs/performance.md). Each list is a partition of its own, never a sort-key range inside the
 * account's item collection: a newest-first read of the account's cases then never passes label
 * entries (DynamoDB Local walks them, measured in the bench's scale section).
 */
const labelled = (label: string) => `LABEL#${label}`
const accountLabelPartition = (accountId: string, label: string) =>
  `${accountPartition(accountId)}#${labelled(label)}`
const queueLabelPartition = (queue: string, label: string) =>
  `${queueWorkList(queue).partition}#${labelled(label)}`

/**
 * A case's labels (docs/data-model.md, "Labels"): one small item per label in the case's own
 * partition, which places the case in the label's three lists, each ordered as its unfiltered
 * counterpart: the account's cases with the label (gsi1, a partition beside the account's item
 * collection), every account's (gsi2, beside `STATUS#` and `ACCOUNTS`), and, while the case is
 * active, its queue's (gsi4, in the queue's own order).
 */
export const caseLabelKeys = {
  item: (caseId: string, label: string): PrimaryKey => ({
    pk: caseItemPartition(caseId),
    sk: labelled(label),
  }),
  indexes: (label: string, c: Parameters<typeof caseKeys.indexes>[0]): Record<string, string> => ({
    gsi1pk: accountLabelPartition(c.accountId, label),
    gsi1sk: creationOrder(c),
    gsi2pk: labelled(label),
    gsi2sk: creationOrder(c),
    ...(isActive(c.status) ? { gsi4pk: queueLabelPartition(c.queue, label), gsi4sk: queueOrder(c) } : {}),
  }),
}

/** An account's cases with one label, newest first (sparse). */
export function accountCasesWithLabel(accountId: string, label: string): AccessPattern {
  return { index: 'gsi1', partition: accountLabelPartition(accountId, label) }
}

/** Every account's cases with one label, newest first (staff; sparse). */
export function casesWithLabel(label: string): AccessPattern {
  return { index: 'gsi2', partition: labelled(label) }
}

/** A queue's active cases with one label, in `queueOrder` (sparse). */
export function queueCasesWithLabel(queue: string, label: string): AccessPattern {
  return { index: 'gsi4', partition: queueLabelPartition(queue, label) }
}

export const caseEventKeys = {
  /**
   * Events sort by time inside the case's partition, so the history is one Query; `position` keeps
   * the order of several events written by one change in the same millisecond.
   */
  item: (caseId: string, at: string, eventId: string, position = 0): PrimaryKey => ({
    pk: caseItemPartition(caseId),
    sk: `EVENT#${at}#${String(position).padStart(2, '0')}#${eventId}`,
  }),
  prefix: 'EVENT#',
}

/** A case's history, in the order it happened. */
export function caseHistory(caseId: string): PrefixAccessPattern {
  return { partition: caseItemPartition(caseId), sortKeyPrefix: caseEventKeys.prefix }
}

export const commentKeys = {
  /** Comments sort by time inside the case's partition, apart from the case item and its events. */
  item: (caseId: string, createdAt: string, commentId: string): PrimaryKey => ({
    pk: caseItemPartition(caseId),
    sk: `COMMENT#${createdAt}#${commentId}`,
  }),
  prefix: 'COMMENT#',
}

/**
 * A case item followed by its comments, oldest first: `CASE` sorts right before `COMMENT#…` and
 * nothing else of the partition sorts between them (`~` sorts after every comment key), so the
 * first page of comments brings the case along for the tenant check instead of a GetItem first.
 */
export function caseWithComments(caseId: string): RangeAccessPattern {
  return {
    partition: caseItemPartition(caseId),
    sortKeyRange: { low: caseKeys.item(caseId).sk, high: `${commentKeys.prefix}~` },
  }
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

/** A case's folder tree: its folders and files. */
export function caseFileTree(caseId: string): PrefixAccessPattern {
  return { partition: caseItemPartition(caseId), sortKeyPrefix: fileTreeKeys.prefix }
}

/**
 * Links between cases (docs/data-model.md): one item in each linked case's partition, under the
 * link's id, which is the same on both sides and derived from the pair (`linkIdOf`), so a pair can
 * be linked once and either side is a GetItem by the id.
 */
export const caseLinkKeys = {
  item: (caseId: string, linkId: string): PrimaryKey => ({
    pk: caseItemPartition(caseId),
    sk: `LINK#${linkId}`,
  }),
  prefix: 'LINK#',
}

/** A case's links (both the ones made on it and the ones made on the other case). */
export function caseLinks(caseId: string): PrefixAccessPattern {
  return { partition: caseItemPartition(caseId), sortKeyPrefix: caseLinkKeys.prefix }
}

/**
 * Watchers of a case (docs/data-model.md): one item per watcher in the case's partition, under the
 * watcher's user id, so a person watches a case once (`attribute_not_exists`) and the event
 * handler reads all of a case's watchers with one Query.
 */
export const caseWatcherKeys = {
  item: (caseId: string, userId: string): PrimaryKey => ({
    pk: caseItemPartition(caseId),
    sk: `WATCHER#${userId}`,
  }),
  prefix: 'WATCHER#',
}

/** A case's watchers, contacts and staff alike. */
export function caseWatchers(caseId: string): PrefixAccessPattern {
  return { partition: caseItemPartition(caseId), sortKeyPrefix: caseWatcherKeys.prefix }
}

/** A case's satisfaction survey: one per case, in the case's partition. */
export const surveyKeys = {
  item: (caseId: string): PrimaryKey => ({ pk: caseItemPartition(caseId), sk: 'SURVEY' }),
}

/**
 * The kinds of a contact's own items, in the order the person index sorts them: the order of the
 * access export's sections (docs/privacy.md).
 */
export const personItemKinds = ['case', 'watcher', 'comment', 'event', 'file', 'survey'] as const
export type PersonItemKind = (typeof personItemKinds)[number]

const personPrefix = 'PERSON#'

/**
 * The person index entry of an item about one contact (gsi6, sparse, keys only;
 * docs/data-model.md): sorted by kind, then time, so one Query reads a person's items section by
 * section. Staff get none: the index serves contacts' access exports and erasures.
 */
export function personEntry(contactId: string, kind: PersonItemKind, at: string): Record<string, string> {
  return { gsi6pk: `${personPrefix}${contactId}`, gsi6sk: `${personItemKinds.indexOf(kind)}#${kind}#${at}` }
}

/** Whether a role is a contact's (the person index lists contacts only). */
export function isContactRole(role: string): boolean {
  return (customerRoles as readonly string[]).includes(role)
}

/** A contact's own items (keys only), section by section, oldest first within each. */
export function personItems(contactId: string): AccessPattern {
  return { index: 'gsi6', partition: `${personPrefix}${contactId}` }
}

/**
 * The cases a contact is the contact of, then those they watch (keys only): the entries of kinds
 * `case` and `watcher`, which sort first (`~` sorts after every character of an ISO time).
 */
export function personCases(contactId: string): RangeAccessPattern {
  const rank = (kind: PersonItemKind) => personItemKinds.indexOf(kind)
  return {
    index: 'gsi6',
    partition: `${personPrefix}${contactId}`,
    sortKeyRange: { low: `${rank('case')}#case#`, high: `${rank('watcher')}#watcher#~` },
  }
}

/** The kind of item a person-index sort key (`<rank>#<kind>#<time>`) lists, if it is one. */
export function personEntryKind(gsi6sk: string): PersonItemKind | undefined {
  const kind = gsi6sk.split('#')[1]
  return personItemKinds.find((known) => known === kind)
}

export const counterKeys = {
  item: (name: string): PrimaryKey => ({ pk: `COUNTER#${name}`, sk: 'COUNTER' }),
}

/** An account's partition: the account item; in the account-collection index, its cases and contacts. */
function accountPartition(accountId: string): string {
  return `ACCOUNT#${accountId}`
}

export const accountKeys = {
  item: (accountId: string): PrimaryKey => ({ pk: accountPartition(accountId), sk: 'ACCOUNT' }),
  /** Index attributes of an account: its place in `allAccounts`, by name (case-insensitive), then id. */
  indexes: (a: { id: string; name: string }) => ({
    gsi2pk: allAccounts().partition,
    gsi2sk: `${a.name.toLowerCase()}#${a.id}`,
  }),
}

/** Every account, by name: a sparse partition (accounts only) beside the status timelines of cases. */
export function allAccounts(): AccessPattern {
  return { index: 'gsi2', partition: 'ACCOUNTS' }
}

/** The prefix of a contact's own partition, and of its entry in its account's item collection. */
const contactPrefix = 'CONTACT#'

export const contactKeys = {
  item: (contactId: string): PrimaryKey => ({ pk: `${contactPrefix}${contactId}`, sk: 'CONTACT' }),
  indexes: (c: { accountId: string; email: string }) => ({
    gsi1pk: accountPartition(c.accountId),
    gsi1sk: `${contactPrefix}${c.email}`,
  }),
}

/** The record of a contact's erasure, in the contact's own partition (docs/privacy.md). */
export const erasureKeys = {
  item: (contactId: string): PrimaryKey => ({ pk: `${contactPrefix}${contactId}`, sk: 'ERASURE' }),
}

/** An account's contacts, by e-mail: its item collection, without its cases. */
export function accountContacts(accountId: string): PrefixAccessPattern {
  return { index: 'gsi1', partition: accountPartition(accountId), sortKeyPrefix: contactPrefix }
}

export const staffKeys = {
  item: (userId: string): PrimaryKey => ({ pk: `STAFF#${userId}`, sk: 'STAFF' }),
}

/** One item per e-mail address across contacts and staff: makes addresses unique and sign-in lookups a GetItem. */
export const emailKeys = {
  item: (email: string): PrimaryKey => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' }),
}

/** The settings kept as versions: business calendars, SLA policies and the routing of new cases. */
export type VersionedSettingKind = 'calendar' | 'policy' | 'routing'

/** Each kind's partition prefix, which is also the sort key of its head. */
const versionedSettingHeads: Record<VersionedSettingKind, string> = {
  calendar: 'CALENDAR',
  policy: 'SLAPOLICY',
  routing: 'ROUTING',
}

const settingVersionPrefix = 'VERSION#'

function versionedSettingPartition(kind: VersionedSettingKind, id: string): string {
  return `${versionedSettingHeads[kind]}#${id}`
}

/** A version as a sort key: zero-padded, so the string order is the numeric order. */
function settingVersion(version: number): string {
  return `${settingVersionPrefix}${String(version).padStart(10, '0')}`
}

/**
 * A calendar, an SLA policy or the routing is one partition per id: the head (its latest version,
 * read for every case) and one immutable item per version, which a clock that started under it, or
 * the history of a case it routed, reads again.
 */
export const versionedSettingKeys = {
  head: (kind: VersionedSettingKind, id: string): PrimaryKey => ({
    pk: versionedSettingPartition(kind, id),
    sk: versionedSettingHeads[kind],
  }),
  version: (kind: VersionedSettingKind, id: string, version: number): PrimaryKey => ({
    pk: versionedSettingPartition(kind, id),
    sk: settingVersion(version),
  }),
}

/**
 * A setting's versions, newest first when read descending. Without `below`, the head comes last:
 * its sort key (`CALENDAR`, `SLAPOLICY`) sorts right before `VERSION#…` and nothing else lies in
 * the partition, so a head stored before versions were, which holds its version alone, is read in
 * its place. With `below`, only the version items below that version.
 */
export function versionedSettingVersions(
  kind: VersionedSettingKind,
  id: string,
  below?: number,
): RangeAccessPattern {
  const head = versionedSettingKeys.head(kind, id)
  return {
    partition: head.pk,
    sortKeyRange:
      below === undefined
        ? { low: head.sk, high: `${settingVersionPrefix}~` }
        : { low: settingVersion(0), high: settingVersion(below - 1) },
  }
}

/** Idempotency records (Powertools) live in one partition per function; the sort key is the hashed request key. */
export function idempotencyPartition(functionName: string): string {
  return `IDEMPOTENCY#${functionName}`
}

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

/**
 * E-mail bookkeeping (docs/email.md): a sent notification (so a redelivered event never mails
 * twice), the case a sent message belongs to (so a reply whose References name it finds its case),
 * an inbound message already handled, and the last auto-reply to an unregistered sender.
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
  /**
   * A received message that names an address (From, To, Cc or the envelope sender), under the
   * address's digest (`addressDigest`), never the address: how an erasure finds the person's raw
   * mail in the inbound-mail bucket (docs/privacy.md).
   */
  receivedFrom: (digest: string, messageId: string): PrimaryKey => ({
    pk: `${receivedMailPrefix}${digest}`,
    sk: `MESSAGE#${messageId}`,
  }),
}

const receivedMailPrefix = 'RECEIVEDMAIL#'

/** The received messages that name one address (by its digest). */
export function receivedMailOf(digest: string): PrefixAccessPattern {
  return { partition: `${receivedMailPrefix}${digest}`, sortKeyPrefix: 'MESSAGE#' }
}

/**
 * The e-mail bookkeeping of one case (sent notifications and mail threads) in index `gsi1`, so that
 * purging the case finds them (docs/privacy.md): a sparse partition per case beside the accounts'
 * item collections, sorted by the item's own key. Items written before it have no entry and expire
 * by their TTL.
 */
export function caseMailLedger(caseId: string): AccessPattern {
  return { index: 'gsi1', partition: `CASEMAIL#${caseId}` }
}

/** Index attributes of a ledger item that belongs to a case: its place in `caseMailLedger`. */
export function caseMailLedgerIndexes(caseId: string, key: PrimaryKey) {
  return { gsi1pk: caseMailLedger(caseId).partition, gsi1sk: key.pk }
}

/** The partition of every article, and the stem of the partitions by status and by locale. */
const articlesPrefix = 'KBARTICLES'

/** Every knowledge-base article, newest first (staff lists without a status; sparse). */
export function allArticles(): AccessPattern {
  return { index: 'gsi1', partition: articlesPrefix }
}

/** The articles in one status, any locale, newest first (sparse). */
export function articlesInStatus(status: string): AccessPattern {
  return { index: 'gsi3', partition: `${articlesPrefix}#${status}` }
}

/** The articles of one locale in one status, newest first: lists, and the search corpus load (sparse). */
export function articlesOfLocale(locale: string, status: string): AccessPattern {
  return { index: 'gsi2', partition: `${articlesPrefix}#${locale}#${status}` }
}

/**
 * Knowledge-base articles (docs/kb.md): one item each, listed through three sparse index partitions
 * whose sort key is the creation time. The revision item is counted up by every article write, in
 * the same transaction, so each Lambda instance's in-memory search index knows when it is stale.
 */
export const articleKeys = {
  item: (articleId: string): PrimaryKey => ({ pk: `KBARTICLE#${articleId}`, sk: 'KBARTICLE' }),
  indexes: (a: { id: string; locale: string; status: string; createdAt: string }) => ({
    gsi1pk: allArticles().partition,
    gsi1sk: creationOrder(a),
    gsi2pk: articlesOfLocale(a.locale, a.status).partition,
    gsi2sk: creationOrder(a),
    gsi3pk: articlesInStatus(a.status).partition,
    gsi3sk: creationOrder(a),
  }),
  revision: (): PrimaryKey => ({ pk: 'KBREVISION', sk: 'KBREVISION' }),
  /** The article a case became: in the case's partition, so that a case becomes one article at most. */
  fromCase: (caseId: string): PrimaryKey => ({ pk: caseItemPartition(caseId), sk: 'KBARTICLE' }),
}

/** Whose metrics: one account's, or all accounts' together (the shape of `AccessScope`). */
type MetricsScope = { kind: 'account'; accountId: string } | { kind: 'all' }

/** The partition of one account's metrics, or of all accounts' together. */
function metricsPartition(scope: MetricsScope): string {
  return scope.kind === 'account' ? `METRICS#ACCOUNT#${scope.accountId}` : 'METRICS#ALL'
}

const dayPrefix = 'DAY#'

/**
 * Metrics (docs/metrics.md): one item per UTC day and severity in the scope's partition, so a
 * period is one Query on a sort-key range (`metricsDays`); the running count of open cases beside
 * them; and a marker per counted event, so a redelivered event is counted once.
 */
export const metricsKeys = {
  day: (scope: MetricsScope, day: string, severity: string): PrimaryKey => ({
    pk: metricsPartition(scope),
    sk: `${dayPrefix}${day}#${severity}`,
  }),
  openCases: (scope: MetricsScope): PrimaryKey => ({
    pk: metricsPartition(scope),
    sk: 'OPENCASES',
  }),
  countedEvent: (eventId: string): PrimaryKey => ({ pk: `METRICSEVENT#${eventId}`, sk: 'METRICSEVENT' }),
}

/** The day items of the days `from` to `to` in the scope's partition: `~` sorts after every severity. */
export function metricsDays(scope: MetricsScope, from: string, to: string): RangeAccessPattern {
  return {
    partition: metricsPartition(scope),
    sortKeyRange: { low: `${dayPrefix}${from}#`, high: `${dayPrefix}${to}#~` },
  }
}

/** Whose event feed: one account's, or all accounts' together (docs/integrations.md, the change feed). */
export type FeedScope = { kind: 'account'; accountId: string } | { kind: 'all' }

function feedPartition(scope: FeedScope): string {
  return scope.kind === 'account' ? `FEED#ACCOUNT#${scope.accountId}` : 'FEED#ALL'
}

const feedEntryPrefix = 'SEQ#'

/** A feed position as a sort key: zero-padded, so the string order is the numeric order. */
function feedPosition(sequence: number): string {
  return `${feedEntryPrefix}${String(sequence).padStart(12, '0')}`
}

/**
 * The change feed: per scope, a head item holding the last sequence given out and one entry per
 * published event at its sequence (dense: 1, 2, 3, …), so a reader can tell a gap from the end; and
 * a marker per published event, so a retried stream record keeps the sequence it got.
 */
export const feedKeys = {
  head: (scope: FeedScope): PrimaryKey => ({ pk: feedPartition(scope), sk: 'HEAD' }),
  entry: (scope: FeedScope, sequence: number): PrimaryKey => ({
    pk: feedPartition(scope),
    sk: feedPosition(sequence),
  }),
  published: (eventId: string): PrimaryKey => ({ pk: `PUBLISHED#${eventId}`, sk: 'PUBLISHED' }),
  /**
   * The marker of an event about a contact (`contact.*`) in gsi1, sparse, by time: how an erasure
   * finds the feed entries and webhook deliveries that hold the person's name and address.
   */
  contactEventIndexes: (contactId: string, time: string, eventId: string) => ({
    gsi1pk: `${contactEventsPrefix}${contactId}`,
    gsi1sk: `${time}#${eventId}`,
  }),
}

const contactEventsPrefix = 'CONTACTEVENTS#'

/** The published-event markers of the events about one contact. */
export function contactEventMarkers(contactId: string): AccessPattern {
  return { index: 'gsi1', partition: `${contactEventsPrefix}${contactId}` }
}

/** The feed entries of a scope after `sequence`, oldest first (a sort-key range up to the largest position). */
export function feedAfter(scope: FeedScope, sequence: number): RangeAccessPattern {
  return {
    partition: feedPartition(scope),
    sortKeyRange: { low: feedPosition(sequence + 1), high: `${feedEntryPrefix}~` },
  }
}

const webhookPrefix = 'WEBHOOK#'
const deliveryPrefix = 'DELIVERY#'

/**
 * Webhook subscriptions live in one partition (an operator has hundreds at most), so the fan-out
 * reads them all with one consistent Query; each subscription's deliveries in its own partition,
 * newest first (delivery ids sort by time).
 */
export const webhookKeys = {
  item: (webhookId: string): PrimaryKey => ({ pk: 'WEBHOOKS', sk: `${webhookPrefix}${webhookId}` }),
  delivery: (webhookId: string, deliveryId: string): PrimaryKey => ({
    pk: `${webhookPrefix}${webhookId}`,
    sk: `${deliveryPrefix}${deliveryId}`,
  }),
}

/** Every webhook subscription. */
export function allWebhooks(): PrefixAccessPattern {
  return { partition: 'WEBHOOKS', sortKeyPrefix: webhookPrefix }
}

/** One subscription's deliveries (read newest first). */
export function webhookDeliveries(webhookId: string): PrefixAccessPattern {
  return { partition: `${webhookPrefix}${webhookId}`, sortKeyPrefix: deliveryPrefix }
}

const caseFieldPrefix = 'FIELD#'

/**
 * The custom field catalogue is one partition (at most 100 definitions), so the case functions read
 * it whole with one Query (docs/custom-fields.md).
 */
export const caseFieldKeys = {
  item: (key: string): PrimaryKey => ({ pk: 'CASEFIELDS', sk: `${caseFieldPrefix}${key}` }),
}

const queuePrefix = 'QUEUE#'

/** The queue catalogue is one partition: an item per queue (docs/queues.md). */
export const queueKeys = {
  item: (queueId: string): PrimaryKey => ({ pk: 'QUEUES', sk: `${queuePrefix}${queueId}` }),
}

/** Every queue, by id. */
export function allQueues(): PrefixAccessPattern {
  return { partition: 'QUEUES', sortKeyPrefix: queuePrefix }
}

/** The routing of new cases is a single versioned setting of this id. */
export const routingSettingId = 'cases'

/** Every custom field definition, by key. */
export function allCaseFields(): PrefixAccessPattern {
  return { partition: 'CASEFIELDS', sortKeyPrefix: caseFieldPrefix }
}

/** The attribute names that are storage internals and must never reach an API response. */
export const keyAttributeNames: readonly string[] = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
]
