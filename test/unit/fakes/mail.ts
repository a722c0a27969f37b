import type { CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { SurveyAlreadyAnsweredError } from '#src/domain/errors.ts'
import type { Survey, SurveyAnswer } from '#src/domain/survey.ts'
import type { Mailer, MailLedger, OutgoingMail, SentNotification } from '#src/use-cases/ports/mail.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'

/**
 * In-memory fakes of the mail ports, handed to use cases as dependencies. Like the fakes in
 * `fakes.ts`, they keep the contract of the real adapters (the ledger answers what was recorded,
 * a survey opens once) and record what they were asked, so tests can assert on it.
 */

/** Raised by InMemoryMailer when it is told to fail, as SES would on a throttle or an outage. */
export class MailerUnavailableError extends Error {
  constructor() {
    super('the mail service is unavailable')
    this.name = 'MailerUnavailableError'
  }
}

/** Keeps every mail it accepted; `failNext(n)` makes the next n sends fail without sending anything. */
export class InMemoryMailer implements Mailer {
  readonly sent: (OutgoingMail & { messageId: string })[] = []
  private failures = 0

  failNext(times = 1): void {
    this.failures = times
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    if (this.failures > 0) {
      this.failures -= 1
      throw new MailerUnavailableError()
    }
    const messageId = `message-${this.sent.length + 1}`
    this.sent.push({ ...mail, messageId })
    return { messageId }
  }

  /** The mails sent to one address. */
  to(address: string): (OutgoingMail & { messageId: string })[] {
    return this.sent.filter((mail) => mail.to.some((to) => to.address === address))
  }
}

/** The sent-notification and thread bookkeeping in memory; inbound handling and auto-reply windows too. */
export class InMemoryMailLedger implements MailLedger {
  readonly notifications = new Map<string, SentNotification>()
  readonly threads = new Map<string, { caseId: string; accountId: string }>()
  readonly inbound = new Map<string, { outcome: string; at: Date; namedAddresses: readonly string[] }>()
  private readonly autoReplies = new Map<string, Date>()

  async wasSent(notificationId: string): Promise<boolean> {
    return this.notifications.has(notificationId)
  }

  async recordSent(sent: SentNotification): Promise<void> {
    this.notifications.set(sent.notificationId, sent)
    this.threads.set(sent.messageId, { caseId: sent.caseId, accountId: sent.accountId })
  }

  async findThread(messageId: string): Promise<{ caseId: string; accountId: string } | undefined> {
    return this.threads.get(messageId)
  }

  async wasInboundHandled(messageId: string): Promise<boolean> {
    return this.inbound.has(messageId)
  }

  async markInboundHandled(
    messageId: string,
    outcome: string,
    at: Date,
    namedAddresses: readonly string[] = [],
  ): Promise<void> {
    this.inbound.set(messageId, { outcome, at, namedAddresses })
  }

  async claimAutoReply(email: string, at: Date, windowSeconds: number): Promise<boolean> {
    const key = email.toLowerCase()
    const last = this.autoReplies.get(key)
    if (last && at.getTime() - last.getTime() < windowSeconds * 1000) return false
    this.autoReplies.set(key, at)
    return true
  }
}

/** Surveys in memory: opened once per case (a second open answers the stored one), answered once. */
export class InMemorySurveyStore implements SurveyStore {
  readonly surveys = new Map<string, Survey>()
  readonly opened: Survey[] = []
  readonly events: CaseEvent[] = []

  constructor(surveys: Survey[] = []) {
    for (const survey of surveys) this.surveys.set(survey.caseId, survey)
  }

  async openSurvey(survey: Survey): Promise<Survey> {
    this.opened.push(survey)
    const existing = this.surveys.get(survey.caseId)
    if (existing) return existing
    this.surveys.set(survey.caseId, survey)
    return survey
  }

  async findSurvey(caseId: string): Promise<Survey | undefined> {
    return this.surveys.get(caseId)
  }

  async recordAnswer(caseId: string, answer: SurveyAnswer, event: CaseEvent): Promise<void> {
    const survey = this.surveys.get(caseId)
    if (!survey || survey.answer) throw new SurveyAlreadyAnsweredError(caseId)
    this.surveys.set(caseId, { ...survey, answer })
    this.events.push(event)
  }
}

// Builders for notification tests: valid objects with sensible defaults, overridden where it matters.

/** A case event as the use cases write it; by default alice's public comment on case-1. */
export function aCaseEvent(overrides: Partial<CaseEvent> = {}): CaseEvent {
  return {
    id: 'event-1',
    caseId: 'case-1',
    accountId: 'acme',
    type: 'comment.added',
    action: 'comment',
    actor: { userId: 'alice', role: 'customer' },
    at: '2026-11-25T10:00:00.000Z',
    visibility: 'public',
    changes: [],
    ...overrides,
  }
}

/** A comment on case-1; by default alice's public one, created at the default event's time. */
export function aComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: 'comment-1',
    caseId: 'case-1',
    accountId: 'acme',
    authorId: 'alice',
    authorRole: 'customer',
    visibility: 'public',
    body: 'The error still shows after the update.',
    createdAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  }
}
