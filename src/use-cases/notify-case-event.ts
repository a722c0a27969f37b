import type { MailConfig } from '#src/config.ts'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Account, Contact } from '#src/domain/directory.ts'
import { notificationIdFor } from '#src/domain/notifications/notification-id.ts'
import {
  type NotificationKind,
  notifyingEventTypes,
  type PlannedNotification,
  planNotifications,
  type RecipientRef,
} from '#src/domain/notifications/plan-notifications.ts'
import { type MailData, render } from '#src/domain/notifications/templates.ts'
import type { ReplyAddresses } from '#src/domain/reply-address.ts'
import { clocksOf } from '#src/domain/sla/case-sla.ts'
import { surveyLifetimeDays } from '#src/domain/survey.ts'
import type { SurveyTokens } from '#src/domain/survey-token.ts'
import { customerRoles, type Locale } from '#src/domain/vocabulary.ts'
import { logger } from '#src/logger.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { AccountDirectory, ContactDirectory, StaffDirectory } from '#src/use-cases/ports/directory.ts'
import type { Mailer, MailLedger } from '#src/use-cases/ports/mail.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'

/** Re-exported: callers and tests name the notification id where they name the notifications. */
export { notificationIdFor }

/** What notifying needs: a narrow slice of the mailing functions' dependencies, so tests hand in fakes. */
export interface NotifyCaseEventDeps {
  cases: Pick<CaseStore, 'findCase' | 'findComment'>
  /** Read only for an event that mails someone (docs/data-model.md). */
  watchers: Pick<CaseWatcherStore, 'listWatchers'>
  accounts: AccountDirectory
  contacts: ContactDirectory
  staff: StaffDirectory
  surveys: Pick<SurveyStore, 'openSurvey'>
  surveyTokens(): Promise<SurveyTokens>
  replyAddresses(): Promise<ReplyAddresses>
  mailer: Mailer
  mailLedger: Pick<MailLedger, 'wasSent' | 'recordSent'>
  /** The case's business calendar: deadlines are shown in its time zone. */
  slaSettings: Pick<SlaSettings, 'calendar'>
  clock: Clock
  /** The survey page's address, with a `{token}` placeholder. */
  mailSettings: { surveyUrl: string }
  config: { mail: Pick<MailConfig, 'caseUrl'> }
  /** Read only for mail to a queue's team (docs/queues.md). */
  queues: Pick<QueueSettings, 'listQueues'>
}

/** What happened to one planned notification. Recipients appear by reference: logs carry no addresses. */
export type NotificationOutcome =
  | { kind: NotificationKind; recipient: RecipientRef; sent: true; notificationId: string; messageId: string }
  | { kind: NotificationKind; recipient: RecipientRef; sent: false; reason: string }

/** What `notifyCaseEvent` did, for the handler's log and for tests. */
export interface NotifySummary {
  eventId: string
  eventType: string
  /** Set when the event was not looked at further (no mail for this type, the case is gone). */
  ignored?: string | undefined
  notifications: NotificationOutcome[]
}

/** A recipient with an address, a name to greet and a language. */
interface Addressee {
  address: string
  name: string | undefined
  locale: Locale
  audience: MailData['audience']
  contact?: Contact | undefined
}

const dayMs = 24 * 60 * 60 * 1000

const isCustomerRole = (role: string) => (customerRoles as readonly string[]).includes(role)

/**
 * Sends the e-mails one case event causes (docs/email.md). Called by the table-stream handler for every
 * event; safe to call again for the same event, which is what a stream retry does.
 * 1. Skip event types that never mail; load the case (all accounts' scope), its account and, for a
 *    comment, the comment.
 * 2. Plan who hears of it (planNotifications); if anyone does, read the case's watchers (one
 *    Query) and plan again with them, so an event that mails nobody costs no read. Then per
 *    notification:
 * 3. resolve the recipient to an address and a language (inactive people and queues without an
 *    address are skipped);
 * 4. skip it if the ledger says it went out already (a redelivered or retried event);
 * 5. for a closed case open the survey (idempotent) and link it;
 * 6. render, send with the case's signed Reply-To, and record it in the ledger.
 * A failed send throws, so the stream retries the record; what went out before it is skipped then.
 */
export async function notifyCaseEvent(event: CaseEvent, deps: NotifyCaseEventDeps): Promise<NotifySummary> {
  const summary = (
    ignored: string | undefined,
    notifications: NotificationOutcome[] = [],
  ): NotifySummary => ({
    eventId: event.id,
    eventType: event.type,
    ...(ignored ? { ignored } : {}),
    notifications,
  })
  if (!notifyingEventTypes.has(event.type)) return summary('no mail for this event type')

  const theCase = await deps.cases.findCase({ kind: 'all' }, event.caseId)
  if (!theCase) return summary('the case does not exist')
  const account = await deps.accounts.findAccount(theCase.accountId)
  const comment = await commentOf(event, deps)
  let planned = planNotifications(event, theCase, account, comment)
  // Watchers only ever get copies of the contact's or the owner's mail: no mail, no copies.
  if (planned.length > 0) {
    const watchers = await deps.watchers.listWatchers(theCase.id)
    if (watchers.length > 0) planned = planNotifications(event, theCase, account, comment, watchers)
  }

  const mailing = new Mailing(event, theCase, account, deps)
  const outcomes: NotificationOutcome[] = []
  for (const notification of planned) outcomes.push(await mailing.deliver(notification))
  return summary(undefined, outcomes)
}

/** The comment a `comment.added` event is about; it was written in the same transaction, at the event's time. */
async function commentOf(event: CaseEvent, deps: NotifyCaseEventDeps): Promise<Comment | undefined> {
  if (event.type !== 'comment.added') return undefined
  const commentId = event.details?.commentId
  if (typeof commentId !== 'string') return undefined
  const comment = await deps.cases.findComment(event.caseId, event.at, commentId)
  if (!comment) logger.warn('comment of a comment event not found', { eventId: event.id, commentId })
  return comment
}

/** Fills a URL template's placeholders with URL-encoded values. */
function fillUrl(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? encodeURIComponent(values[name] as string) : placeholder,
  )
}

/** Everything one event's notifications share: the case, its account, and lazily built helpers. */
class Mailing {
  private replyTo: Promise<string> | undefined
  private timeZone: Promise<string | undefined> | undefined

  constructor(
    private readonly event: CaseEvent,
    private readonly theCase: Case,
    private readonly account: Account | undefined,
    private readonly deps: NotifyCaseEventDeps,
  ) {}

  async deliver(notification: PlannedNotification): Promise<NotificationOutcome> {
    const { kind, recipient } = notification
    const skipped = (reason: string): NotificationOutcome => ({ kind, recipient, sent: false, reason })

    const addressee = await this.resolve(recipient)
    if (typeof addressee === 'string') return skipped(addressee)
    const notificationId = notificationIdFor(this.event.id, kind, addressee.address)
    if (await this.deps.mailLedger.wasSent(notificationId)) return skipped('already sent')

    const surveyUrl =
      kind === 'closed' && addressee.contact && !notification.watcher
        ? await this.openSurvey(addressee.contact, addressee.locale)
        : undefined
    const mail = render(kind, addressee.locale, {
      ...(await this.mailData(notification, addressee)),
      surveyUrl,
    })
    this.replyTo ??= this.deps.replyAddresses().then((addresses) => addresses.addressFor(this.theCase.id))
    const { messageId } = await this.deps.mailer.send({
      to: [{ address: addressee.address, name: addressee.name }],
      replyTo: await this.replyTo,
      ...mail,
      // Notifications are automatic (RFC 3834): well-behaved auto-responders do not answer them.
      headers: { 'Auto-Submitted': 'auto-generated' },
      tags: { kind, caseNumber: this.theCase.number },
    })
    await this.deps.mailLedger.recordSent({
      notificationId,
      messageId,
      caseId: this.theCase.id,
      accountId: this.theCase.accountId,
      sentAt: this.deps.clock.now().toISOString(),
    })
    return { kind, recipient, sent: true, notificationId, messageId }
  }

  /** The recipient's address and language, or why there is none to write to. */
  private async resolve(recipient: RecipientRef): Promise<Addressee | string> {
    const accountLocale = this.account?.locale ?? 'en'
    switch (recipient.kind) {
      case 'contact': {
        const contact = await this.deps.contacts.findContact(recipient.contactId)
        if (!contact) return 'contact not found'
        if (!contact.active) return 'contact inactive'
        // Never mail a case to someone outside its account, whatever the data says.
        if (contact.accountId !== this.theCase.accountId) return 'contact belongs to another account'
        return {
          address: contact.email,
          name: contact.name,
          locale: contact.locale ?? accountLocale,
          audience: 'customer',
          contact,
        }
      }
      case 'staff': {
        const member = await this.deps.staff.findStaffMember(recipient.userId)
        if (!member) return 'staff member not found'
        if (!member.active) return 'staff member inactive'
        return { address: member.email, name: member.name, locale: accountLocale, audience: 'staff' }
      }
      case 'queue': {
        // An inactive queue keeps its cases, so its team still hears of them.
        const queue = (await this.deps.queues.listQueues()).find((defined) => defined.id === recipient.queue)
        const address = queue?.teamAddress
        if (!address) {
          logger.warn('the queue has no team address', {
            queue: recipient.queue,
            caseId: this.theCase.id,
          })
          return 'the queue has no team address'
        }
        return { address, name: undefined, locale: accountLocale, audience: 'staff' }
      }
    }
  }

  /** Opens the case's survey (a redelivery finds it open) and answers its link, unless it was answered already. */
  private async openSurvey(contact: Contact, locale: Locale): Promise<string | undefined> {
    const c = this.theCase
    const survey = await this.deps.surveys.openSurvey({
      caseId: c.id,
      accountId: c.accountId,
      caseNumber: c.number,
      caseTitle: c.title,
      contactId: contact.id,
      locale,
      createdAt: this.event.at,
      validUntil: new Date(Date.parse(this.event.at) + surveyLifetimeDays * dayMs).toISOString(),
    })
    if (survey.answer) return undefined
    const token = (await this.deps.surveyTokens()).tokenFor(c.id)
    return fillUrl(this.deps.mailSettings.surveyUrl, { token })
  }

  /**
   * The zone deadlines are shown in: the case's calendar's, when it is one desk in one zone. A
   * follow-the-sun union spans several zones, so its deadlines are shown in UTC.
   */
  private deadlineZone(): Promise<string | undefined> {
    const calendarId = this.firstResponseClock()?.calendarId ?? this.account?.calendarId
    const zoneOf = async (id: string) => {
      const calendar = (await this.deps.slaSettings.calendar(id))?.definition
      return calendar && 'timeZone' in calendar ? calendar.timeZone : undefined
    }
    const zone = this.timeZone ?? (calendarId ? zoneOf(calendarId) : Promise.resolve(undefined))
    this.timeZone = zone
    return zone
  }

  private firstResponseClock() {
    return clocksOf(this.theCase).first_response
  }

  private async mailData(notification: PlannedNotification, addressee: Addressee): Promise<MailData> {
    const c = this.theCase
    const caseUrl = this.deps.config.mail.caseUrl
    const actorRole = this.event.actor.role
    return {
      caseNumber: c.number,
      caseTitle: c.title,
      audience: addressee.audience,
      recipientName: addressee.name,
      accountName: this.account?.name,
      product: c.product,
      severity: c.severity,
      impact: c.impact,
      caseUrl: caseUrl ? fillUrl(caseUrl, { caseId: c.id, number: c.number }) : undefined,
      message: notification.message,
      authorName: notification.author ? await this.nameOf(notification.author) : undefined,
      resolution: notification.resolution,
      reason: notification.reason,
      escalationLevel: notification.escalationLevel,
      sla: notification.sla,
      timeZone: await this.deadlineZone(),
      firstResponseDue:
        notification.kind === 'case_received' && this.firstResponseClock()?.state === 'running'
          ? (this.firstResponseClock()?.dueAt ?? undefined)
          : undefined,
      actor: actorRole === 'system' ? 'system' : isCustomerRole(actorRole) ? 'customer' : 'staff',
      severityRaised: notification.kind === 'critical_case' && this.event.type !== 'case.created',
      watching: notification.watcher === true,
      mergedInto: c.mergedInto?.number,
    }
  }

  /** The author's name to show, looked up in the directory their role belongs to. */
  private async nameOf(author: NonNullable<PlannedNotification['author']>): Promise<string | undefined> {
    if (author.role === 'system') return undefined
    if (isCustomerRole(author.role)) return (await this.deps.contacts.findContact(author.userId))?.name
    return (await this.deps.staff.findStaffMember(author.userId))?.name
  }
}
