import type { Case, CaseEvent, Resolution } from '#src/domain/case.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Account } from '#src/domain/directory.ts'
import type { ActorRole } from '#src/domain/lifecycle.ts'
import { SlaTarget } from '#src/domain/sla/sla-clock.ts'
import { customerRoles, staffRoles } from '#src/domain/vocabulary.ts'

import type { NotificationKind } from './notification-id.ts'

export { type NotificationKind, notificationKinds } from './notification-id.ts'

/** Who a notification is for, by reference: the addresses are looked up (and inactive people skipped) later. */
export type RecipientRef =
  | { kind: 'contact'; contactId: string }
  | { kind: 'staff'; userId: string }
  | { kind: 'queue'; queue: string }

/** One e-mail to send because of one event, with what its text needs beyond the case itself. */
export interface PlannedNotification {
  kind: NotificationKind
  recipient: RecipientRef
  /** The text the mail quotes: the public comment, or the message that came with a status change. */
  message?: string | undefined
  /** Who wrote `message`. */
  author?: { userId: string; role: ActorRole } | undefined
  /** The proposed (or final) resolution. */
  resolution?: Resolution | undefined
  /** Why: a cancellation's reason, a severity change's reason, an escalation's reason. */
  reason?: string | undefined
  /** The escalation level reached, 1–4. */
  escalationLevel?: number | undefined
  /** The first-response deadline a warning or breach is about. */
  sla?:
    | { target?: SlaTarget | undefined; dueAt?: string | undefined; targetMinutes?: number | undefined }
    | undefined
  /** Sent to a watcher, as a copy of the contact's or the owner's mail: without the survey link, which is the contact's. */
  watcher?: true | undefined
}

/** The event types that can lead to mail at all; the rest (files, folders, surveys) never do, so nothing is read for them. */
export const notifyingEventTypes: ReadonlySet<string> = new Set([
  'case.created',
  'case.updated',
  'case.transitioned',
  'comment.added',
  'case.escalated',
  'sla.warning',
  'sla.breached',
])

const isCustomerRole = (role: string) => (customerRoles as readonly string[]).includes(role)
const isStaffRole = (role: string) => (staffRoles as readonly string[]).includes(role)

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined

/** The value a field took in the event, if the event changed it. */
function changedTo(event: CaseEvent, field: string): unknown {
  return event.changes.find((change) => change.field === field)?.after
}

/**
 * The mails an event causes. Pure: the caller loads the case (as it is now), the account and, for a
 * `comment.added` event, the comment, and afterwards resolves the recipients to addresses.
 *
 * Rules beyond the list in docs/email.md, decided here:
 * - Each change mails once. A customer's reply that resumes work writes `comment.added` and a
 *   `customer_reply` transition: the comment mails, the transition does not. Staff's first public
 *   comment writes `comment.added` and `case.updated(first_response)`: likewise only the comment.
 * - A message that comes with a staff transition (request info, propose, close) is part of that
 *   status mail, not a mail of its own; one with acknowledge/start has no status mail, so it goes
 *   out as a comment (it is a public comment, and every public comment mails the other party).
 *   A customer's message with close/cancel/reopen likewise reaches the assignee (or queue).
 * - Staff are never told of their own action (a manager raising a case to critical, escalating,
 *   or commenting). Receipts to the case contact (received, closed with its survey, cancelled) go
 *   out even when the contact acted: they confirm the action and carry the case link or survey.
 * - What the event says beats the case as it is now (severity reached, resolution proposed);
 *   routing (assignee, queue) follows the case now, so a reassigned case mails its new owner.
 * - Watchers (docs/email.md, "Watchers"): a contact watcher gets a copy of every mail to the case's
 *   contact, of public events only, but not the `case_received` receipt (a receipt is the filer's);
 *   a staff follower a copy of every mail to the case's owner (assignee or queue). Nobody is mailed
 *   about their own action, and someone who gets the mail anyway (the contact, the assignee) once.
 */
export function planNotifications(
  event: CaseEvent,
  theCase: Case,
  account: Account | undefined,
  comment?: Comment | undefined,
  watchers: readonly CaseWatcher[] = [],
): PlannedNotification[] {
  const contact: RecipientRef = { kind: 'contact', contactId: theCase.contactId }
  const owner: RecipientRef = theCase.assigneeId
    ? { kind: 'staff', userId: theCase.assigneeId }
    : { kind: 'queue', queue: theCase.queue }
  const manager: RecipientRef | undefined = account?.responsibleManagerId
    ? { kind: 'staff', userId: account.responsibleManagerId }
    : undefined
  const details = event.details ?? {}
  const message = text(details.message)
  const actor = event.actor
  const planned: PlannedNotification[] = []
  const add = (
    kind: NotificationKind,
    recipient: RecipientRef | undefined,
    extra: Omit<PlannedNotification, 'kind' | 'recipient'> = {},
  ) => {
    if (recipient) planned.push({ kind, recipient, ...extra })
  }
  /** A customer's message with a lifecycle action: the support side hears of it like of a comment. */
  const forwardCustomerMessage = () => {
    if (message) add('comment', owner, { message, author: actor })
  }

  switch (event.type) {
    case 'case.created': {
      add('case_received', contact)
      const severity = changedTo(event, 'severity') ?? theCase.severity
      if (severity === 'critical') add('critical_case', manager)
      break
    }
    case 'case.updated': {
      // Only a change *to* critical: editing other fields of a critical case is no news to the manager.
      const severity = event.changes.find((change) => change.field === 'severity')
      if (severity?.after === 'critical' && severity.before !== 'critical')
        add('critical_case', manager, { reason: text(details.severityReason) })
      break
    }
    case 'comment.added': {
      // Internal notes stay inside; a comment that cannot be read cannot be quoted either.
      if (comment?.visibility !== 'public' || event.visibility !== 'public') break
      const author = { userId: comment.authorId, role: comment.authorRole }
      if (isCustomerRole(comment.authorRole)) add('comment', owner, { message: comment.body, author })
      else if (isStaffRole(comment.authorRole)) add('comment', contact, { message: comment.body, author })
      break
    }
    case 'case.transitioned':
      planTransition()
      break
    case 'case.escalated': {
      const level = Number(details.level ?? theCase.escalationLevel)
      const key = String(level) as keyof NonNullable<Account['escalationRecipients']>
      const listed = account?.escalationRecipients?.[key] ?? []
      const recipients: RecipientRef[] =
        listed.length > 0 ? listed.map((userId) => ({ kind: 'staff', userId })) : manager ? [manager] : []
      for (const recipient of recipients)
        add('escalation', recipient, { escalationLevel: level, reason: text(details.reason) })
      break
    }
    case 'sla.warning':
    case 'sla.breached': {
      const kind = event.type === 'sla.warning' ? 'sla_warning' : 'sla_breach'
      const target = SlaTarget.safeParse(details.target)
      const sla = {
        target: target.success ? target.data : undefined,
        dueAt: text(details.dueAt),
        targetMinutes: typeof details.targetMinutes === 'number' ? details.targetMinutes : undefined,
      }
      add(kind, owner, { sla })
      if (kind === 'sla_breach') add(kind, manager, { sla })
      break
    }
  }
  planned.push(...watcherCopies(planned, event, { contact, owner }, watchers))
  return withoutRepeats(planned.filter((notification) => !isOwnAction(notification, event)))

  function planTransition() {
    const resolution = (changedTo(event, 'resolution') as Resolution | undefined) ?? theCase.resolution
    if (actor.role === 'system') {
      if (event.action === 'mark_pending_closure') add('pending_closure', contact, { resolution })
      if (event.action === 'auto_close') add('closed', contact, { resolution })
      return
    }
    if (isStaffRole(actor.role)) {
      switch (event.action) {
        case 'request_info':
          add('waiting_on_customer', contact, { message, author: actor })
          return
        case 'propose_solution':
          add('solution_proposed', contact, { message, author: actor, resolution })
          return
        case 'close':
          add('closed', contact, { message, author: actor, resolution })
          return
        // Merged into another case: no survey (the other case is the one to rate), the mail names it.
        case 'merge':
          add('merged', contact, { message, author: actor })
          return
        default:
          if (message) add('comment', contact, { message, author: actor })
          return
      }
    }
    switch (event.action) {
      case 'close':
        add('closed', contact, { resolution })
        forwardCustomerMessage()
        return
      case 'cancel':
        add('cancelled', contact, { reason: text(details.reason) })
        forwardCustomerMessage()
        return
      case 'reopen':
        forwardCustomerMessage()
        return
      // customer_reply: its comment.added event mails the comment.
    }
  }
}

/**
 * The watchers' copies of the contact's and the owner's mail. Recognised by the recipient objects
 * themselves, so the escalation and critical-case mails to managers are never copied.
 */
function watcherCopies(
  planned: readonly PlannedNotification[],
  event: CaseEvent,
  { contact, owner }: { contact: RecipientRef; owner: RecipientRef },
  watchers: readonly CaseWatcher[],
): PlannedNotification[] {
  const copies: PlannedNotification[] = []
  for (const notification of planned) {
    const toContact = notification.recipient === contact
    if (!toContact && notification.recipient !== owner) continue
    // A customer watcher never hears of an internal event; the receipt of a new case is the filer's.
    if (toContact && (event.visibility !== 'public' || notification.kind === 'case_received')) continue
    for (const watcher of watchers) {
      if (watcher.kind !== (toContact ? 'contact' : 'staff')) continue
      const recipient: RecipientRef =
        watcher.kind === 'contact'
          ? { kind: 'contact', contactId: watcher.userId }
          : { kind: 'staff', userId: watcher.userId }
      copies.push({ ...notification, recipient, watcher: true })
    }
  }
  return copies
}

/**
 * Staff are never mailed about their own action, nor is a watcher; the case's contact is (its
 * receipts confirm what it did).
 */
function isOwnAction(notification: PlannedNotification, event: CaseEvent): boolean {
  const { recipient } = notification
  if (recipient.kind === 'staff') return recipient.userId === event.actor.userId
  return (
    recipient.kind === 'contact' &&
    notification.watcher === true &&
    recipient.contactId === event.actor.userId
  )
}

function recipientKey(recipient: RecipientRef): string {
  switch (recipient.kind) {
    case 'contact':
      return `contact:${recipient.contactId}`
    case 'staff':
      return `staff:${recipient.userId}`
    case 'queue':
      return `queue:${recipient.queue}`
  }
}

/** One mail per kind and recipient, e.g. when the assignee is also the responsible manager. */
function withoutRepeats(planned: PlannedNotification[]): PlannedNotification[] {
  const seen = new Set<string>()
  return planned.filter((notification) => {
    const key = `${notification.kind}|${recipientKey(notification.recipient)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
