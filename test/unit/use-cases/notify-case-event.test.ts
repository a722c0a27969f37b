import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import type { EventHandlerDependencies as MailDependencies } from '#functions/events/table-stream.ts'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Contact, StaffMember } from '#src/domain/directory.ts'
import { seedQueues, seedRouting } from '#src/domain/queue-seeds.ts'
import { defaultQueueRouting } from '#src/domain/queues.ts'
import { createReplyAddresses } from '#src/domain/reply-address.ts'
import { createSurveyTokens } from '#src/domain/survey-token.ts'
import {
  type NotifyCaseEventDeps,
  notificationIdFor,
  notifyCaseEvent,
} from '#src/use-cases/notify-case-event.ts'
import {
  aCase,
  aContact,
  anAccount,
  aStaffRecord,
  fixedClock,
  InMemoryAccounts,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  InMemorySlaSettings,
  InMemoryStaffDirectory,
  now,
  rejectionOf,
} from '../fakes/core.ts'
import {
  aCaseEvent,
  aComment,
  InMemoryMailer,
  InMemoryMailLedger,
  InMemorySurveyStore,
  MailerUnavailableError,
} from '../fakes/mail.ts'
import { InMemoryQueueSettings } from '../fakes/queues.ts'
import { aWatcher, InMemoryCaseWatcherStore } from '../fakes/watchers.ts'

const replyKey = 'unit-test-reply-key'
const replyDomain = 'reply.caseline.local'
const surveyKey = 'unit-test-survey-key'

const alice = aContact({ locale: 'de' })
const bob = aContact({ id: 'bob', email: 'bob@acme.example', name: 'Bob', locale: 'en' })
const gina = aContact({ id: 'gina', accountId: 'globex', email: 'gina@globex.example', name: 'Gina' })
const sam = aStaffRecord()
const maria = aStaffRecord({ id: 'maria', email: 'maria@vendor.example', name: 'Maria', role: 'manager' })

const samsCase = aCase({ status: 'in_progress', assigneeId: 'sam' })

function setUp(
  options: {
    cases?: Case[]
    comments?: Comment[]
    contacts?: Contact[]
    staff?: StaffMember[]
    queueAddresses?: Record<string, string>
    watchers?: CaseWatcher[]
  } = {},
) {
  const watchers = new InMemoryCaseWatcherStore(options.watchers ?? [])
  const cases = new InMemoryCaseStore({ cases: options.cases ?? [samsCase] })
  cases.comments.push(...(options.comments ?? []))
  const mailer = new InMemoryMailer()
  const mailLedger = new InMemoryMailLedger()
  const surveys = new InMemorySurveyStore()
  const deps: NotifyCaseEventDeps = {
    cases,
    watchers,
    accounts: new InMemoryAccounts([
      anAccount({ responsibleManagerId: 'maria' }),
      anAccount({ id: 'globex', name: 'Globex', serviceLevel: 'standard', locale: 'en' }),
    ]),
    contacts: new InMemoryContactDirectory(options.contacts ?? [alice, bob, gina]),
    staff: new InMemoryStaffDirectory(options.staff ?? [sam, maria]),
    surveys,
    surveyTokens: async () => createSurveyTokens(surveyKey),
    replyAddresses: async () => createReplyAddresses(replyKey, replyDomain),
    mailer,
    mailLedger,
    slaSettings: new InMemorySlaSettings(),
    clock: fixedClock(),
    mailSettings: { surveyUrl: 'http://localhost:3000/v1/surveys/{token}' },
    config: { mail: { caseUrl: 'https://portal.example/cases/{number}' } },
    queues: new InMemoryQueueSettings({
      queues: seedQueues(
        defaultQueueRouting,
        options.queueAddresses ?? { support: 'support-team@vendor.example' },
      ),
      routing: seedRouting(defaultQueueRouting),
    }),
  }
  return { deps, cases, mailer, mailLedger, surveys, watchers }
}

const created = aCaseEvent({
  id: 'event-created',
  type: 'case.created',
  action: 'create',
  changes: [{ field: 'severity', after: 'standard' }],
})

/** A public comment and its event, as addComment writes them (the comment dated at the event's time). */
function commentWithEvent(overrides: Partial<Comment> = {}, eventId = 'event-comment') {
  const comment = aComment(overrides)
  const event = aCaseEvent({
    id: eventId,
    at: comment.createdAt,
    actor: { userId: comment.authorId, role: comment.authorRole },
    visibility: comment.visibility,
    details: { commentId: comment.id, visibility: comment.visibility },
  })
  return { comment, event }
}

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

describe('notifyCaseEvent: sending', () => {
  it('confirms a new case to its contact in German, with a signed Reply-To, tags and a ledger entry', async () => {
    // Arrange
    const { deps, cases, mailer, mailLedger } = setUp({ cases: [aCase()] })

    // Act
    const summary = await notifyCaseEvent(created, deps)

    // Assert
    expect(cases.findCalls).toEqual([{ scope: { kind: 'all' }, caseId: 'case-1' }])
    expect(mailer.sent).toHaveLength(1)
    const [mail] = mailer.sent
    expect(mail?.to).toEqual([{ address: 'alice@acme.example', name: 'Alice' }])
    expect(mail?.subject).toBe('[CS-1001] Ihr Fall wurde erfasst: Invoices fail to print')
    expect(mail?.text).toContain('https://portal.example/cases/CS-1001')
    expect(createReplyAddresses(replyKey, replyDomain).caseIdOf(mail?.replyTo ?? '')).toBe('case-1')
    expect(mail?.tags).toEqual({ kind: 'case_received', caseNumber: 'CS-1001' })
    const notificationId = notificationIdFor('event-created', 'case_received', 'alice@acme.example')
    expect([...mailLedger.notifications.values()]).toEqual([
      {
        notificationId,
        messageId: 'message-1',
        caseId: 'case-1',
        accountId: 'acme',
        sentAt: now.toISOString(),
      },
    ])
    expect(summary).toEqual({
      eventId: 'event-created',
      eventType: 'case.created',
      notifications: [
        {
          kind: 'case_received',
          recipient: { kind: 'contact', contactId: 'alice' },
          sent: true,
          notificationId,
          messageId: 'message-1',
        },
      ],
    })
  })

  it("writes in English when the contact's own locale is English, although the account's is German", async () => {
    // Arrange
    const { deps, mailer } = setUp({ cases: [aCase({ contactId: 'bob' })] })

    // Act
    await notifyCaseEvent(created, deps)

    // Assert
    expect(mailer.to('bob@acme.example').map((mail) => mail.subject)).toEqual([
      '[CS-1001] We have received your case: Invoices fail to print',
    ])
  })

  it("falls back to the account's locale for a contact without one", async () => {
    // Arrange
    const globexCase = aCase({ accountId: 'globex', contactId: 'gina' })
    const { deps, mailer } = setUp({ cases: [globexCase] })

    // Act
    await notifyCaseEvent({ ...created, accountId: 'globex' }, deps)

    // Assert
    expect(mailer.to('gina@globex.example')[0]?.subject).toMatch(/^\[CS-1001\] We have received your case/)
  })

  it("mails support's public comment to the contact, quoting it", async () => {
    // Arrange
    const { comment, event } = commentWithEvent({
      authorId: 'sam',
      authorRole: 'agent',
      body: 'Please install patch 7.1.',
    })
    const { deps, mailer } = setUp({ comments: [comment] })

    // Act
    await notifyCaseEvent(event, deps)

    // Assert
    expect(mailer.sent.map((mail) => mail.to[0]?.address)).toEqual(['alice@acme.example'])
    expect(mailer.sent[0]?.subject).toBe('[CS-1001] Neue Antwort zu Ihrem Fall: Invoices fail to print')
    expect(mailer.sent[0]?.text).toContain('> Please install patch 7.1.')
    expect(mailer.sent[0]?.text).toContain('eine neue Nachricht von Sam')
  })

  it('sends nothing for an internal note', async () => {
    // Arrange
    const { comment, event } = commentWithEvent({
      authorId: 'sam',
      authorRole: 'agent',
      visibility: 'internal',
    })
    const { deps, mailer } = setUp({ comments: [comment] })

    // Act
    const summary = await notifyCaseEvent(event, deps)

    // Assert
    expect(mailer.sent).toEqual([])
    expect(summary.notifications).toEqual([])
  })

  it("mails a customer's reply to a waiting case exactly once, to the assignee", async () => {
    // Arrange: the reply writes comment.added and the customer_reply transition in one transaction.
    const { comment, event } = commentWithEvent({ body: 'Version 7.0, build 12.' })
    const reply = aCaseEvent({
      id: 'event-reply',
      type: 'case.transitioned',
      action: 'customer_reply',
      at: comment.createdAt,
      changes: [{ field: 'status', before: 'waiting_on_customer', after: 'in_progress' }],
      details: { commentId: comment.id },
    })
    const { deps, mailer } = setUp({ comments: [comment] })

    // Act
    await notifyCaseEvent(event, deps)
    await notifyCaseEvent(reply, deps)

    // Assert
    expect(mailer.sent).toHaveLength(1)
    expect(mailer.sent[0]?.to).toEqual([{ address: 'sam@vendor.example', name: 'Sam' }])
    expect(mailer.sent[0]?.text).toContain('Alice (ACME) hat einen öffentlichen Kommentar zum Fall CS-1001')
  })

  it("mails a customer's comment on an unassigned case to its queue's address", async () => {
    // Arrange
    const { comment, event } = commentWithEvent()
    const { deps, mailer } = setUp({ cases: [aCase()], comments: [comment] })

    // Act
    await notifyCaseEvent(event, deps)

    // Assert
    expect(mailer.sent.map((mail) => mail.to)).toEqual([[{ address: 'support-team@vendor.example' }]])
  })

  it('mails the team address an admin gave a queue at run time, also while the queue is inactive', async () => {
    // Arrange
    const { comment, event } = commentWithEvent()
    const { deps, mailer } = setUp({ cases: [aCase({ queue: 'licensing' })], comments: [comment] })
    const queues = new InMemoryQueueSettings()
    await queues.keepSeeds('2026-11-25T10:00:00.000Z')
    queues.queues.set('licensing', {
      id: 'licensing',
      names: { de: 'Lizenzen', en: 'Licensing' },
      teamAddress: 'licensing@vendor.example',
      active: false,
      version: 2,
    })

    // Act
    await notifyCaseEvent(event, { ...deps, queues })

    // Assert
    expect(mailer.sent.map((mail) => mail.to)).toEqual([[{ address: 'licensing@vendor.example' }]])
  })

  it('tells the responsible manager of a critical case in the account’s language', async () => {
    // Arrange
    const critical = aCase({ severity: 'critical', impact: 'No invoices go out.' })
    const event = { ...created, changes: [{ field: 'severity', after: 'critical' }] }
    const { deps, mailer } = setUp({ cases: [critical] })

    // Act
    await notifyCaseEvent(event, deps)

    // Assert
    const [toManager] = mailer.to('maria@vendor.example')
    expect(toManager?.subject).toBe('[CS-1001] Kritischer Fall eröffnet: Invoices fail to print')
    expect(toManager?.text).toContain('> No invoices go out.')
    expect(mailer.to('alice@acme.example')).toHaveLength(1)
  })
})

describe('notifyCaseEvent: who is not mailed', () => {
  it('skips an inactive contact and says why', async () => {
    // Arrange
    const { deps, mailer } = setUp({ cases: [aCase()], contacts: [{ ...alice, active: false }] })

    // Act
    const summary = await notifyCaseEvent(created, deps)

    // Assert
    expect(mailer.sent).toEqual([])
    expect(summary.notifications).toEqual([
      {
        kind: 'case_received',
        recipient: { kind: 'contact', contactId: 'alice' },
        sent: false,
        reason: 'contact inactive',
      },
    ])
  })

  it('skips an inactive staff member', async () => {
    // Arrange
    const { comment, event } = commentWithEvent()
    const { deps, mailer } = setUp({ comments: [comment], staff: [{ ...sam, active: false }, maria] })

    // Act
    const summary = await notifyCaseEvent(event, deps)

    // Assert
    expect(mailer.sent).toEqual([])
    expect(summary.notifications).toMatchObject([{ sent: false, reason: 'staff member inactive' }])
  })

  it('skips a queue without a team address and warns the operator', async () => {
    // Arrange
    const { comment, event } = commentWithEvent()
    const { deps, mailer } = setUp({ cases: [aCase()], comments: [comment], queueAddresses: {} })
    vi.stubEnv('LOG_LEVEL', 'info')
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)

    // Act
    const summary = await notifyCaseEvent(event, deps)

    // Assert
    expect(mailer.sent).toEqual([])
    expect(summary.notifications).toMatchObject([
      { recipient: { kind: 'queue', queue: 'support' }, reason: 'the queue has no team address' },
    ])
    const logged = stderr.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
    expect(logged).toMatchObject([{ level: 'warn', queue: 'support', caseId: 'case-1' }])
  })

  it('never mails a contact of another account, whatever the case says', async () => {
    const { deps, mailer } = setUp({ cases: [aCase({ contactId: 'gina' })] })

    const summary = await notifyCaseEvent(created, deps)

    expect(mailer.sent).toEqual([])
    expect(summary.notifications).toMatchObject([{ reason: 'contact belongs to another account' }])
  })

  it('reads nothing for an event type that never mails', async () => {
    // Arrange
    const { deps, cases, mailer } = setUp()

    // Act
    const summary = await notifyCaseEvent(aCaseEvent({ type: 'file.uploaded', action: 'upload' }), deps)

    // Assert
    expect(summary.ignored).toBe('no mail for this event type')
    expect(cases.findCalls).toEqual([])
    expect(mailer.sent).toEqual([])
  })

  it('ignores an event whose case no longer exists', async () => {
    const { deps, mailer } = setUp({ cases: [] })

    const summary = await notifyCaseEvent(created, deps)

    expect(summary.ignored).toBe('the case does not exist')
    expect(mailer.sent).toEqual([])
  })
})

describe('notifyCaseEvent: retries and redelivery', () => {
  it('throws when the mailer fails, and the retry sends exactly one mail', async () => {
    // Arrange
    const { deps, mailer, mailLedger } = setUp({ cases: [aCase()] })
    mailer.failNext()

    // Act
    const failure = await rejectionOf(notifyCaseEvent(created, deps))
    await notifyCaseEvent(created, deps)

    // Assert
    expect(failure).toBeInstanceOf(MailerUnavailableError)
    expect(mailer.to('alice@acme.example')).toHaveLength(1)
    expect(mailLedger.notifications.size).toBe(1)
  })

  it('on a retry after a partial failure, sends only what had not gone out', async () => {
    // Arrange: a breach mails the assignee, then the manager; the second send fails.
    const breach = aCaseEvent({
      id: 'event-breach',
      type: 'sla.breached',
      action: 'sla_breach',
      actor: { userId: 'system', role: 'system' },
      visibility: 'internal',
      details: { dueAt: '2026-11-25T09:00:00.000Z', targetMinutes: 120 },
    })
    const { deps, mailer } = setUp()
    const send = mailer.send.bind(mailer)
    let calls = 0
    mailer.send = async (mail) => {
      calls += 1
      if (calls === 2) throw new MailerUnavailableError()
      return send(mail)
    }

    // Act
    await expect(notifyCaseEvent(breach, deps)).rejects.toThrow(MailerUnavailableError)
    const retry = await notifyCaseEvent(breach, deps)

    // Assert
    expect(mailer.sent.map((mail) => mail.to[0]?.address)).toEqual([
      'sam@vendor.example',
      'maria@vendor.example',
    ])
    expect(retry.notifications.map((n) => (n.sent ? 'sent' : n.reason))).toEqual(['already sent', 'sent'])
  })

  it('sends nothing for a redelivered event', async () => {
    // Arrange
    const { deps, mailer } = setUp({ cases: [aCase()] })
    await notifyCaseEvent(created, deps)

    // Act
    const again = await notifyCaseEvent(created, deps)

    // Assert
    expect(mailer.sent).toHaveLength(1)
    expect(again.notifications).toMatchObject([
      { kind: 'case_received', sent: false, reason: 'already sent' },
    ])
  })

  it('derives notification ids from event, kind and address, and from nothing else', () => {
    const id = notificationIdFor('event-1', 'comment', 'alice@acme.example')

    expect(notificationIdFor('event-1', 'comment', 'Alice@Acme.example')).toBe(id)
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(notificationIdFor('event-2', 'comment', 'alice@acme.example')).not.toBe(id)
    expect(notificationIdFor('event-1', 'closed', 'alice@acme.example')).not.toBe(id)
    expect(notificationIdFor('event-1', 'comment', 'bob@acme.example')).not.toBe(id)
  })
})

describe('notifyCaseEvent: closing and the survey', () => {
  const closedAt = '2026-11-25T10:00:00.000Z'
  const closed: CaseEvent = aCaseEvent({
    id: 'event-closed',
    type: 'case.transitioned',
    action: 'close',
    actor: { userId: 'sam', role: 'agent' },
    at: closedAt,
    changes: [{ field: 'status', before: 'solution_proposed', after: 'closed' }],
  })
  const closedCase = aCase({ status: 'closed', assigneeId: 'sam', closedAt })

  it('opens the survey for 30 days and links it with a token that names the case', async () => {
    // Arrange
    const { deps, mailer, surveys } = setUp({ cases: [closedCase] })

    // Act
    await notifyCaseEvent(closed, deps)

    // Assert
    expect(surveys.surveys.get('case-1')).toEqual({
      caseId: 'case-1',
      accountId: 'acme',
      caseNumber: 'CS-1001',
      caseTitle: 'Invoices fail to print',
      contactId: 'alice',
      locale: 'de',
      createdAt: closedAt,
      validUntil: '2026-12-25T10:00:00.000Z',
    })
    const [mail] = mailer.to('alice@acme.example')
    expect(mail?.subject).toBe('[CS-1001] Ihr Fall wurde geschlossen: Invoices fail to print')
    const link = /http:\/\/localhost:3000\/v1\/surveys\/([A-Za-z0-9._-]+)/.exec(mail?.text ?? '')
    const token = decodeURIComponent(link?.[1] ?? '')
    expect(createSurveyTokens(surveyKey).caseIdOf(token)).toBe('case-1')
    expect(mail?.html).toContain(`href="${link?.[0]}"`)
  })

  it('does not open a second survey or mail again when the event is redelivered', async () => {
    // Arrange
    const { deps, mailer, surveys } = setUp({ cases: [closedCase] })
    await notifyCaseEvent(closed, deps)

    // Act
    await notifyCaseEvent(closed, deps)

    // Assert
    expect(mailer.sent).toHaveLength(1)
    expect(surveys.opened).toHaveLength(1)
  })

  it('leaves the link out when the survey was already answered', async () => {
    // Arrange: the first send failed after the survey opened; the customer answered meanwhile
    // through the portal's own link.
    const { deps, mailer, surveys } = setUp({ cases: [closedCase] })
    mailer.failNext()
    await expect(notifyCaseEvent(closed, deps)).rejects.toThrow(MailerUnavailableError)
    const survey = surveys.surveys.get('case-1')
    if (survey) surveys.surveys.set('case-1', { ...survey, answer: { rating: 5, answeredAt: closedAt } })

    // Act
    await notifyCaseEvent(closed, deps)

    // Assert
    expect(mailer.sent).toHaveLength(1)
    expect(mailer.sent[0]?.text).not.toContain('/v1/surveys/')
  })
})

describe('notifyCaseEvent: watchers', () => {
  const erin = aStaffRecord({ id: 'erin', email: 'erin@vendor.example', name: 'Erin', role: 'expert' })
  const bobWatches = aWatcher({ userId: 'bob', kind: 'contact' })
  const erinFollows = aWatcher({ userId: 'erin', kind: 'staff', addedBy: 'sam' })

  it("copies support's public comment to a contact watcher, in the watcher's own language", async () => {
    // Arrange: alice (the contact) reads German, bob (watching) English.
    const { comment, event } = commentWithEvent({ authorId: 'sam', authorRole: 'agent', body: 'Patch 7.1.' })
    const { deps, mailer, watchers } = setUp({ comments: [comment], watchers: [bobWatches] })

    // Act
    await notifyCaseEvent(event, deps)

    // Assert
    expect(mailer.sent.map((mail) => mail.to[0]?.address)).toEqual(['alice@acme.example', 'bob@acme.example'])
    expect(mailer.to('alice@acme.example')[0]?.subject).toContain('Neue Antwort')
    expect(mailer.to('bob@acme.example')[0]?.subject).toBe(
      '[CS-1001] New reply to your case: Invoices fail to print',
    )
    expect(mailer.to('bob@acme.example')[0]?.text).toContain('> Patch 7.1.')
    expect(mailer.to('bob@acme.example')[0]?.text).toContain('because you watch this case')
    expect(mailer.to('alice@acme.example')[0]?.text).not.toContain('beobachten')
    expect(watchers.listed).toEqual(['case-1'])
  })

  it("copies a customer's comment to a staff follower, and never mails the watcher who wrote it", async () => {
    // Arrange: bob, a watcher, writes the comment.
    const { comment, event } = commentWithEvent({ authorId: 'bob', body: 'Still broken.' })
    const { deps, mailer } = setUp({
      comments: [comment],
      staff: [sam, maria, erin],
      watchers: [bobWatches, erinFollows],
    })

    // Act
    await notifyCaseEvent(event, deps)

    // Assert: the assignee and the follower; not bob himself, not alice (customer comments go to support).
    expect(mailer.sent.map((mail) => mail.to[0]?.address)).toEqual([
      'sam@vendor.example',
      'erin@vendor.example',
    ])
  })

  it('keeps internal notes from everyone and staff followers out of the contact’s mail', async () => {
    // Arrange
    const note = commentWithEvent({ authorId: 'sam', authorRole: 'agent', visibility: 'internal' })
    const reply = commentWithEvent({ id: 'comment-2', authorId: 'sam', authorRole: 'agent' }, 'event-2')
    const { deps, mailer } = setUp({
      comments: [note.comment, reply.comment],
      staff: [sam, maria, erin],
      watchers: [bobWatches, erinFollows],
    })

    // Act
    await notifyCaseEvent(note.event, deps)
    await notifyCaseEvent(reply.event, deps)

    // Assert: the public reply reaches alice and bob; erin follows the owner's mail, not the contact's.
    expect(mailer.sent.map((mail) => mail.to[0]?.address)).toEqual(['alice@acme.example', 'bob@acme.example'])
  })

  it('reads no watchers for an event that mails nobody', async () => {
    // Arrange
    const { comment, event } = commentWithEvent({
      authorId: 'sam',
      authorRole: 'agent',
      visibility: 'internal',
    })
    const { deps, watchers } = setUp({ comments: [comment], watchers: [bobWatches] })

    // Act
    await notifyCaseEvent(event, deps)

    // Assert
    expect(watchers.listed).toEqual([])
  })

  it('mails a watcher who is also the contact once, and skips an inactive or foreign watcher', async () => {
    // Arrange
    const { comment, event } = commentWithEvent({ authorId: 'sam', authorRole: 'agent' })
    const carl = aContact({ id: 'carl', email: 'carl@acme.example', active: false })
    const { deps, mailer } = setUp({
      comments: [comment],
      contacts: [alice, bob, gina, carl],
      watchers: [aWatcher({ userId: 'alice' }), aWatcher({ userId: 'carl' }), aWatcher({ userId: 'gina' })],
    })

    // Act
    const summary = await notifyCaseEvent(event, deps)

    // Assert
    expect(mailer.sent.map((mail) => mail.to[0]?.address)).toEqual(['alice@acme.example'])
    expect(summary.notifications.filter((n) => !n.sent).map((n) => !n.sent && n.reason)).toEqual([
      'contact inactive',
      'contact belongs to another account',
    ])
  })

  it('sends a watcher the closing mail without the survey link, which is the contact’s', async () => {
    // Arrange
    const closedAt = '2026-11-25T10:00:00.000Z'
    const closed = aCaseEvent({
      id: 'event-closed',
      type: 'case.transitioned',
      action: 'close',
      actor: { userId: 'sam', role: 'agent' },
      at: closedAt,
      changes: [{ field: 'status', before: 'solution_proposed', after: 'closed' }],
    })
    const { deps, mailer } = setUp({
      cases: [aCase({ status: 'closed', assigneeId: 'sam', closedAt })],
      watchers: [bobWatches],
    })

    // Act
    await notifyCaseEvent(closed, deps)

    // Assert
    expect(mailer.to('alice@acme.example')[0]?.text).toContain('/v1/surveys/')
    expect(mailer.to('bob@acme.example')[0]?.subject).toContain('closed')
    expect(mailer.to('bob@acme.example')[0]?.text).not.toContain('/v1/surveys/')
  })
})

describe('NotifyCaseEventDeps', () => {
  it('is satisfied by the mailing functions’ dependencies', () => {
    expectTypeOf<MailDependencies>().toExtend<NotifyCaseEventDeps>()
  })
})
