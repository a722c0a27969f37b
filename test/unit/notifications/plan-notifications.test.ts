import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { planNotifications } from '#src/domain/notifications/plan-notifications.ts'
import { aCase, anAccount } from '../fakes/core.ts'
import { aCaseEvent, aComment } from '../fakes/mail.ts'
import { aWatcher } from '../fakes/watchers.ts'

const alice = { kind: 'contact', contactId: 'alice' } as const
const sam = { kind: 'staff', userId: 'sam' } as const
const maria = { kind: 'staff', userId: 'maria' } as const
const supportQueue = { kind: 'queue', queue: 'support' } as const

const assigned = aCase({ status: 'in_progress', assigneeId: 'sam' })
const unassigned = aCase({ status: 'in_progress' })
const acme = anAccount({ responsibleManagerId: 'maria' })

const bySam = { userId: 'sam', role: 'agent' } as const
const byAlice = { userId: 'alice', role: 'customer' } as const
const bySystem = { userId: 'system', role: 'system' } as const

/** Who gets which kind of mail, in a form that reads well in assertions. */
function plan(event: CaseEvent, theCase = assigned, account = acme, comment?: Comment) {
  return planNotifications(event, theCase, account, comment)
}

const transitioned = (action: string, actor: CaseEvent['actor'], details?: Record<string, unknown>) =>
  aCaseEvent({ type: 'case.transitioned', action, actor, ...(details ? { details } : {}) })

describe('planNotifications: a new case', () => {
  it('confirms a standard case to its contact only', () => {
    // Arrange
    const created = aCaseEvent({
      type: 'case.created',
      action: 'create',
      changes: [{ field: 'severity', after: 'standard' }],
    })

    // Act
    const planned = plan(created, aCase())

    // Assert
    expect(planned).toEqual([{ kind: 'case_received', recipient: alice }])
  })

  it('also tells the responsible manager at once when the case is filed as critical', () => {
    // Arrange
    const created = aCaseEvent({
      type: 'case.created',
      action: 'create',
      changes: [{ field: 'severity', after: 'critical' }],
    })

    // Act
    const planned = plan(created, aCase({ severity: 'critical' }))

    // Assert
    expect(planned).toEqual([
      { kind: 'case_received', recipient: alice },
      { kind: 'critical_case', recipient: maria },
    ])
  })

  it('only confirms a critical case when the account has no responsible manager', () => {
    const created = aCaseEvent({
      type: 'case.created',
      action: 'create',
      changes: [{ field: 'severity', after: 'critical' }],
    })

    const planned = plan(created, aCase({ severity: 'critical' }), anAccount())

    expect(planned.map((n) => n.kind)).toEqual(['case_received'])
  })
})

describe('planNotifications: severity changes', () => {
  const raised = (before: string, after: string, actor: CaseEvent['actor'] = bySam) =>
    aCaseEvent({
      type: 'case.updated',
      action: 'update',
      actor,
      changes: [{ field: 'severity', before, after }],
      details: { severityReason: 'Production is down.' },
    })

  it('tells the responsible manager when support raises a case to critical, with the reason', () => {
    expect(plan(raised('standard', 'critical'))).toEqual([
      { kind: 'critical_case', recipient: maria, reason: 'Production is down.' },
    ])
  })

  it.each([
    ['critical', 'urgent'],
    ['standard', 'urgent'],
  ])('does not tell anyone about %s → %s', (before, after) => {
    expect(plan(raised(before, after))).toEqual([])
  })

  it('does not tell the manager about a change the manager made', () => {
    expect(plan(raised('standard', 'critical', { userId: 'maria', role: 'manager' }))).toEqual([])
  })

  it('sends nothing for other edits or for the first-response bookkeeping', () => {
    const edited = aCaseEvent({
      type: 'case.updated',
      action: 'update',
      actor: bySam,
      changes: [{ field: 'priority', before: 'normal', after: 'high' }],
    })
    const firstResponse = aCaseEvent({
      type: 'case.updated',
      action: 'first_response',
      actor: bySam,
      details: { commentId: 'comment-1' },
    })

    expect([...plan(edited), ...plan(firstResponse)]).toEqual([])
  })
})

describe('planNotifications: comments', () => {
  const commented = aCaseEvent({ details: { commentId: 'comment-1', visibility: 'public' } })

  it("mails a customer's public comment to the assignee", () => {
    // Arrange
    const comment = aComment()

    // Act
    const planned = plan(commented, assigned, acme, comment)

    // Assert
    expect(planned).toEqual([{ kind: 'comment', recipient: sam, message: comment.body, author: byAlice }])
  })

  it("mails a customer's public comment on an unassigned case to its queue", () => {
    expect(plan(commented, unassigned, acme, aComment())).toMatchObject([
      { kind: 'comment', recipient: supportQueue },
    ])
  })

  it("mails support's public comment to the case contact", () => {
    // Arrange
    const event = aCaseEvent({ actor: bySam, details: { commentId: 'comment-1', visibility: 'public' } })
    const comment = aComment({ authorId: 'sam', authorRole: 'agent', body: 'Please try patch 7.1.' })

    // Act
    const planned = plan(event, assigned, acme, comment)

    // Assert
    expect(planned).toEqual([
      { kind: 'comment', recipient: alice, message: 'Please try patch 7.1.', author: bySam },
    ])
  })

  it('sends nothing for an internal note', () => {
    const event = aCaseEvent({
      actor: bySam,
      visibility: 'internal',
      details: { commentId: 'comment-1', visibility: 'internal' },
    })
    const note = aComment({ authorId: 'sam', authorRole: 'agent', visibility: 'internal' })

    expect(plan(event, assigned, acme, note)).toEqual([])
  })

  it('sends nothing when the comment could not be read', () => {
    expect(plan(commented, assigned, acme, undefined)).toEqual([])
  })

  it("mails a customer's reply to a waiting case once, although it writes two events", () => {
    // Arrange: addComment writes the comment's event and the customer_reply transition together.
    const comment = aComment()
    const events = [commented, transitioned('customer_reply', byAlice, { commentId: 'comment-1' })]

    // Act
    const planned = events.flatMap((event) => plan(event, assigned, acme, comment))

    // Assert
    expect(planned).toEqual([{ kind: 'comment', recipient: sam, message: comment.body, author: byAlice }])
  })

  it("mails support's first public comment once, although it writes two events", () => {
    // Arrange
    const comment = aComment({ authorId: 'sam', authorRole: 'agent' })
    const events = [
      aCaseEvent({ actor: bySam, details: { commentId: 'comment-1', visibility: 'public' } }),
      aCaseEvent({
        type: 'case.updated',
        action: 'first_response',
        actor: bySam,
        details: { commentId: 'comment-1' },
      }),
    ]

    // Act
    const planned = events.flatMap((event) => plan(event, assigned, acme, comment))

    // Assert
    expect(planned.map((n) => [n.kind, n.recipient])).toEqual([['comment', alice]])
  })
})

describe('planNotifications: lifecycle', () => {
  it('asks the contact for information, quoting the message once (no extra comment mail)', () => {
    const planned = plan(transitioned('request_info', bySam, { message: 'Which version?', commentId: 'c-2' }))

    expect(planned).toEqual([
      { kind: 'waiting_on_customer', recipient: alice, message: 'Which version?', author: bySam },
    ])
  })

  it('proposes a solution to the contact with the resolution the event recorded', () => {
    // Arrange
    const resolution = { kind: 'workaround', summary: 'Use the PDF export.' }
    const event = aCaseEvent({
      type: 'case.transitioned',
      action: 'propose_solution',
      actor: bySam,
      changes: [{ field: 'resolution', after: resolution }],
    })

    // Act: the customer may have rejected the proposal meanwhile, clearing it on the case.
    const planned = plan(event, aCase({ status: 'in_progress', assigneeId: 'sam' }))

    // Assert
    expect(planned).toMatchObject([{ kind: 'solution_proposed', recipient: alice, resolution }])
  })

  it.each([
    ['support closes', transitioned('close', bySam)],
    ['the customer confirms', transitioned('close', byAlice)],
    ['the timer closes', transitioned('auto_close', bySystem)],
  ])('sends the closing mail (with its survey) to the contact when %s', (_, event) => {
    expect(plan(event).map((n) => [n.kind, n.recipient])).toEqual([['closed', alice]])
  })

  it('tells the contact when the timer marks the case for closure', () => {
    expect(plan(transitioned('mark_pending_closure', bySystem))).toMatchObject([
      { kind: 'pending_closure', recipient: alice },
    ])
  })

  it('tells the contact of a merge with the message, and sends no closing mail (so no survey)', () => {
    const planned = plan(
      transitioned('merge', bySam, { message: 'We continue in CS-1001.', commentId: 'c-4' }),
    )

    expect(planned).toEqual([
      { kind: 'merged', recipient: alice, message: 'We continue in CS-1001.', author: bySam },
    ])
  })

  it('confirms a cancellation to the contact with its reason', () => {
    expect(plan(transitioned('cancel', byAlice, { reason: 'Found it myself.' }))).toEqual([
      { kind: 'cancelled', recipient: alice, reason: 'Found it myself.' },
    ])
  })

  it("passes a customer's message with a lifecycle action on to the assignee", () => {
    const planned = plan(transitioned('reopen', byAlice, { message: 'Still broken.', commentId: 'c-3' }))

    expect(planned).toEqual([{ kind: 'comment', recipient: sam, message: 'Still broken.', author: byAlice }])
  })

  it('sends a message with acknowledge to the contact as a comment; without one, nothing', () => {
    const withMessage = plan(transitioned('acknowledge', bySam, { message: 'Looking into it.' }))
    const without = plan(transitioned('acknowledge', bySam))

    expect(withMessage).toEqual([
      { kind: 'comment', recipient: alice, message: 'Looking into it.', author: bySam },
    ])
    expect(without).toEqual([])
  })

  it.each(['start', 'reopen'])('sends nothing for a plain %s', (action) => {
    expect(plan(transitioned(action, action === 'start' ? bySam : byAlice))).toEqual([])
  })
})

describe('planNotifications: SLA and escalation', () => {
  const sla = { dueAt: '2026-11-25T12:00:00.000Z', targetMinutes: 120 }
  const slaEvent = (type: string) =>
    aCaseEvent({
      type,
      action: type.replace('.', '_'),
      actor: bySystem,
      visibility: 'internal',
      details: sla,
    })

  it('warns the assignee, or the queue of an unassigned case', () => {
    expect(plan(slaEvent('sla.warning'))).toEqual([{ kind: 'sla_warning', recipient: sam, sla }])
    expect(plan(slaEvent('sla.warning'), unassigned)).toEqual([
      { kind: 'sla_warning', recipient: supportQueue, sla },
    ])
  })

  it('reports a breach to the assignee and the responsible manager, once each', () => {
    expect(plan(slaEvent('sla.breached'))).toEqual([
      { kind: 'sla_breach', recipient: sam, sla },
      { kind: 'sla_breach', recipient: maria, sla },
    ])
    expect(plan(slaEvent('sla.breached'), aCase({ assigneeId: 'maria' }))).toEqual([
      { kind: 'sla_breach', recipient: maria, sla },
    ])
  })

  const escalated = (level: number, actor: CaseEvent['actor'] = byAlice) =>
    aCaseEvent({ type: 'case.escalated', action: 'escalate', actor, details: { level, reason: 'No fix.' } })

  it("tells that level's recipients of an escalation", () => {
    // Arrange
    const account = anAccount({
      responsibleManagerId: 'maria',
      escalationRecipients: { '2': ['dora', 'ed'] },
    })

    // Act
    const planned = plan(escalated(2), assigned, account)

    // Assert
    expect(planned).toEqual([
      {
        kind: 'escalation',
        recipient: { kind: 'staff', userId: 'dora' },
        escalationLevel: 2,
        reason: 'No fix.',
      },
      {
        kind: 'escalation',
        recipient: { kind: 'staff', userId: 'ed' },
        escalationLevel: 2,
        reason: 'No fix.',
      },
    ])
  })

  it('falls back to the responsible manager for a level without recipients', () => {
    const account = anAccount({ responsibleManagerId: 'maria', escalationRecipients: { '2': ['dora'] } })

    expect(plan(escalated(1), assigned, account)).toEqual([
      { kind: 'escalation', recipient: maria, escalationLevel: 1, reason: 'No fix.' },
    ])
  })

  it('does not mail the staff member who escalated', () => {
    expect(plan(escalated(1, { userId: 'maria', role: 'manager' }))).toEqual([])
  })
})

describe('planNotifications: other events', () => {
  it.each(['file.uploaded', 'file.deleted', 'folder.created', 'survey.answered'])(
    'sends nothing for %s',
    (type) => {
      expect(plan(aCaseEvent({ type, action: 'upload' }))).toEqual([])
    },
  )
})

describe('planNotifications: watchers', () => {
  const bob = { kind: 'contact', contactId: 'bob' } as const
  const erin = { kind: 'staff', userId: 'erin' } as const
  const watchers = [
    aWatcher({ userId: 'bob', kind: 'contact' }),
    aWatcher({ userId: 'erin', kind: 'staff', addedBy: 'sam' }),
  ]
  const withWatchers = (event: CaseEvent, theCase = assigned, comment?: Comment) =>
    planNotifications(event, theCase, acme, comment, watchers).map((n) => [n.kind, n.recipient, n.watcher])

  it("copies the contact's mail to contact watchers and the owner's mail to staff followers", () => {
    const staffReply = aComment({ authorId: 'sam', authorRole: 'agent' })
    const customerReply = aComment()

    expect(withWatchers(aCaseEvent({ actor: bySam }), assigned, staffReply)).toEqual([
      ['comment', alice, undefined],
      ['comment', bob, true],
    ])
    expect(withWatchers(aCaseEvent(), assigned, customerReply)).toEqual([
      ['comment', sam, undefined],
      ['comment', erin, true],
    ])
    // An unassigned case: the follower gets what the queue gets.
    expect(withWatchers(aCaseEvent(), unassigned, customerReply)).toEqual([
      ['comment', supportQueue, undefined],
      ['comment', erin, true],
    ])
  })

  it('copies status mails and SLA mails, but not the receipt of a new case nor the managers’ mails', () => {
    const created = aCaseEvent({
      type: 'case.created',
      action: 'create',
      changes: [{ field: 'severity', after: 'critical' }],
    })
    const breach = aCaseEvent({ type: 'sla.breached', action: 'breach', actor: bySystem, details: {} })

    expect(withWatchers(transitioned('request_info', bySam, { message: 'Which version?' }))).toEqual([
      ['waiting_on_customer', alice, undefined],
      ['waiting_on_customer', bob, true],
    ])
    expect(withWatchers(created)).toEqual([
      ['case_received', alice, undefined],
      ['critical_case', maria, undefined],
    ])
    expect(withWatchers(breach)).toEqual([
      ['sla_breach', sam, undefined],
      ['sla_breach', maria, undefined],
      ['sla_breach', erin, true],
    ])
  })

  it('gives contact watchers nothing of an internal event', () => {
    const internal = {
      ...transitioned('request_info', bySam, { message: 'x' }),
      visibility: 'internal' as const,
    }

    expect(withWatchers(internal)).toEqual([['waiting_on_customer', alice, undefined]])
  })

  it('never mails a watcher about its own action, and someone who gets the mail anyway once', () => {
    const bobsCancel = transitioned('cancel', { userId: 'bob', role: 'customer' }, { reason: 'Solved.' })
    const samFollows = [aWatcher({ userId: 'sam', kind: 'staff' }), aWatcher({ userId: 'alice' })]

    // bob cancels: alice (the contact) gets the receipt, bob himself not; erin gets nothing (no owner mail).
    expect(withWatchers(bobsCancel)).toEqual([['cancelled', alice, undefined]])
    // The assignee and the contact watching their own case get one mail each.
    expect(
      planNotifications(aCaseEvent(), assigned, acme, aComment(), samFollows).map((n) => n.recipient),
    ).toEqual([sam])
  })
})
