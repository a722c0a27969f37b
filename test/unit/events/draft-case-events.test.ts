import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { eventCatalogue } from '#src/domain/events/catalogue.ts'
import type { EventDraft } from '#src/domain/events/envelope.ts'
import { addComment } from '#src/use-cases/comments.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { draftsOfCaseEvent, EventCommentMissingError } from '#src/use-cases/events/draft-events.ts'
import {
  aCase,
  aContact,
  aCreateCaseInput,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  sequentialIds,
  slaFakes,
} from '../fakes/core.ts'

const at = '2026-11-25T10:00:00.000Z'
const agent = { userId: 'sam', role: 'agent' as const }

/** A history event as the use cases write it (case-events.ts `caseEvent`). */
function historyEvent(overrides: Partial<CaseEvent>): CaseEvent {
  return {
    id: 'h-1',
    caseId: 'case-1',
    accountId: 'acme',
    type: 'case.updated',
    action: 'update',
    actor: agent,
    at,
    visibility: 'public',
    changes: [],
    ...overrides,
  }
}

const noComments = { cases: { findComment: async () => undefined } }

/** Every draft's data parses with its catalogue schema (unchanged: nothing stripped, nothing added). */
function expectConformingDrafts(drafts: EventDraft[]) {
  for (const draft of drafts) {
    expect(eventCatalogue[draft.type].data.parse(draft.data)).toEqual(draft.data)
    expect(draft.version).toBe(eventCatalogue[draft.type].version)
  }
}

describe('draftsOfCaseEvent: case events', () => {
  it('publishes case.updated with the changes and the reason, under the history event id', async () => {
    // Arrange
    const event = historyEvent({
      changes: [{ field: 'severity', before: 'standard', after: 'critical' }],
      details: { severityReason: 'Production is down' },
    })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts).toEqual([
      {
        id: 'evt_h-1',
        type: 'case.updated',
        version: 1,
        time: at,
        accountId: 'acme',
        caseId: 'case-1',
        audience: 'account',
        data: {
          actor: agent,
          changes: [{ field: 'severity', before: 'standard', after: 'critical' }],
          reason: 'Production is down',
        },
      },
    ])
    expectConformingDrafts(drafts)
  })

  it('publishes case.transitioned with from, to, message and comment, and drops explicit undefined sides', async () => {
    // Arrange
    const event = historyEvent({
      type: 'case.transitioned',
      action: 'propose_solution',
      changes: [
        { field: 'status', before: 'in_progress', after: 'solution_proposed' },
        { field: 'solutionProposedAt', before: undefined, after: at },
      ],
      details: { commentId: 'c-9', message: 'Update the driver.' },
    })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts).toHaveLength(1)
    const draft = drafts[0] as EventDraft
    expect(draft).toMatchObject({ id: 'evt_h-1', type: 'case.transitioned', audience: 'account' })
    expect(draft.data).toEqual({
      actor: agent,
      action: 'propose_solution',
      from: 'in_progress',
      to: 'solution_proposed',
      changes: [
        { field: 'status', before: 'in_progress', after: 'solution_proposed' },
        { field: 'solutionProposedAt', after: at },
      ],
      message: 'Update the driver.',
      commentId: 'c-9',
    })
    // An explicit `undefined` would not survive storage: it is left out, not sent as a key.
    expect((draft.data.changes as unknown[])[1]).toStrictEqual({ field: 'solutionProposedAt', after: at })
    expectConformingDrafts(drafts)
  })

  it('publishes a timer transition with the system as actor', async () => {
    // Arrange
    const system = { userId: 'system', role: 'system' as const }
    const event = historyEvent({
      type: 'case.transitioned',
      action: 'auto_close',
      actor: system,
      changes: [{ field: 'status', before: 'pending_closure', after: 'closed' }],
    })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts.map((d) => d.data)).toEqual([
      {
        actor: system,
        action: 'auto_close',
        from: 'pending_closure',
        to: 'closed',
        changes: event.changes,
      },
    ])
  })

  it('publishes case.escalated with the level, its name and the reason', async () => {
    // Arrange
    const customer = { userId: 'alice', role: 'customer' as const }
    const event = historyEvent({
      type: 'case.escalated',
      action: 'escalate',
      actor: customer,
      changes: [{ field: 'escalationLevel', before: 0, after: 1 }],
      details: { level: 1, levelName: 'lead customer-service manager', reason: 'No answer for days' },
    })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts).toEqual([
      expect.objectContaining({
        id: 'evt_h-1',
        type: 'case.escalated',
        audience: 'account',
        data: {
          actor: customer,
          level: 1,
          levelName: 'lead customer-service manager',
          reason: 'No answer for days',
        },
      }),
    ])
  })

  it.each([
    ['sla.warning', 'case.sla_warning'],
    ['sla.breached', 'case.sla_breached'],
  ] as const)(
    'publishes %s as %s for staff only, with the deadline and target',
    async (historyType, type) => {
      // Arrange
      const event = historyEvent({
        type: historyType,
        action: 'sla_warning',
        actor: { userId: 'system', role: 'system' },
        visibility: 'internal',
        // As fireTimer writes them: the clocks are internal, so the history lists no change of them.
        changes: [],
        details: { target: 'first_response', dueAt: '2026-11-25T12:00:00.000Z', targetMinutes: 120 },
      })

      // Act
      const drafts = await draftsOfCaseEvent(event, noComments)

      // Assert
      expect(drafts).toEqual([
        expect.objectContaining({
          id: 'evt_h-1',
          type,
          audience: 'staff',
          data: { target: 'first_response', dueAt: '2026-11-25T12:00:00.000Z', targetMinutes: 120 },
        }),
      ])
      expectConformingDrafts(drafts)
    },
  )

  it('publishes an uploaded file as case.file_available, without a folder for the root', async () => {
    // Arrange
    const customer = { userId: 'alice', role: 'customer' as const }
    const event = historyEvent({
      type: 'file.uploaded',
      action: 'upload',
      actor: customer,
      changes: [{ field: 'status', before: 'pending', after: 'available' }],
      details: { fileId: 'f-1', name: 'trace.log', size: 2048, contentType: 'text/plain', folderId: null },
    })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts).toEqual([
      expect.objectContaining({
        id: 'evt_h-1',
        type: 'case.file_available',
        audience: 'account',
        data: {
          actor: customer,
          file: { id: 'f-1', name: 'trace.log', size: 2048, contentType: 'text/plain' },
        },
      }),
    ])
  })

  it('publishes a survey answer to staff only, with the rating and comment', async () => {
    // Arrange
    const event = historyEvent({
      type: 'survey.answered',
      action: 'answer_survey',
      actor: { userId: 'alice', role: 'customer' },
      visibility: 'internal',
      details: { rating: 4, comment: 'Quick and friendly' },
    })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts).toEqual([
      expect.objectContaining({
        id: 'evt_h-1',
        type: 'survey.answered',
        caseId: 'case-1',
        audience: 'staff',
        data: { rating: 4, comment: 'Quick and friendly' },
      }),
    ])
  })

  it.each(['file.rejected', 'file.updated', 'file.deleted', 'folder.created'])(
    'publishes nothing for %s',
    async (type) => {
      expect(await draftsOfCaseEvent(historyEvent({ type, action: 'other' }), noComments)).toEqual([])
    },
  )

  it('publishes an internal history event of an account type to staff only', async () => {
    // Arrange
    const event = historyEvent({ visibility: 'internal', changes: [{ field: 'tier', before: 2, after: 3 }] })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts.map((d) => [d.type, d.audience])).toEqual([['case.updated', 'staff']])
  })
})

describe('draftsOfCaseEvent: assignment', () => {
  it('adds case.assigned after the update that changed the assignee', async () => {
    // Arrange
    const event = historyEvent({ changes: [{ field: 'assigneeId', after: 'sam' }] })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts.map((d) => d.type)).toEqual(['case.updated', 'case.assigned'])
    expect(drafts[1]).toEqual({
      id: 'evt_h-1.assigned',
      type: 'case.assigned',
      version: 1,
      time: at,
      accountId: 'acme',
      caseId: 'case-1',
      audience: 'account',
      data: { actor: agent, assigneeId: { after: 'sam' } },
    })
    expectConformingDrafts(drafts)
  })

  it('adds case.assigned after a transition that hands the case over, and for an unassignment', async () => {
    // Arrange
    const event = historyEvent({
      type: 'case.transitioned',
      action: 'start',
      changes: [
        { field: 'status', before: 'open', after: 'in_progress' },
        { field: 'assigneeId', before: 'sam', after: undefined },
      ],
    })

    // Act
    const drafts = await draftsOfCaseEvent(event, noComments)

    // Assert
    expect(drafts.map((d) => d.id)).toEqual(['evt_h-1', 'evt_h-1.assigned'])
    expect(drafts[1]?.data).toEqual({ actor: agent, assigneeId: { before: 'sam' } })
  })

  it('gives the same events the same ids when a record is delivered again', async () => {
    // Arrange
    const event = historyEvent({ changes: [{ field: 'assigneeId', after: 'sam' }] })

    // Act
    const first = await draftsOfCaseEvent(event, noComments)
    const again = await draftsOfCaseEvent(structuredClone(event), noComments)

    // Assert
    expect(again).toEqual(first)
  })
})

describe('draftsOfCaseEvent: comments', () => {
  const comment = (visibility: Comment['visibility']): Comment => ({
    id: 'c-1',
    caseId: 'case-1',
    accountId: 'acme',
    authorId: 'sam',
    authorRole: 'agent',
    visibility,
    body: 'Looking into it.',
    createdAt: at,
  })
  const commentEvent = (visibility: Comment['visibility']) =>
    historyEvent({
      type: 'comment.added',
      action: 'comment',
      visibility,
      details: { commentId: 'c-1', visibility },
    })
  const storeWith = (stored: Comment) => {
    const asked: unknown[][] = []
    return {
      asked,
      deps: {
        cases: {
          async findComment(...args: [string, string, string]) {
            asked.push(args)
            return stored
          },
        },
      },
    }
  }

  it('publishes a public comment as case.commented with its body, read by case, time and id', async () => {
    // Arrange
    const { asked, deps } = storeWith(comment('public'))

    // Act
    const drafts = await draftsOfCaseEvent(commentEvent('public'), deps)

    // Assert
    expect(asked).toEqual([['case-1', at, 'c-1']])
    expect(drafts).toEqual([
      expect.objectContaining({
        id: 'evt_h-1',
        type: 'case.commented',
        audience: 'account',
        data: {
          actor: agent,
          comment: {
            id: 'c-1',
            body: 'Looking into it.',
            visibility: 'public',
            authorId: 'sam',
            authorRole: 'agent',
            createdAt: at,
          },
        },
      }),
    ])
    expectConformingDrafts(drafts)
  })

  it('publishes an internal note as case.note_added for staff only', async () => {
    // Arrange
    const { deps } = storeWith(comment('internal'))

    // Act
    const drafts = await draftsOfCaseEvent(commentEvent('internal'), deps)

    // Assert
    expect(drafts.map((d) => [d.type, d.audience])).toEqual([['case.note_added', 'staff']])
  })

  it('throws when the comment cannot be read, so the stream retries the record', async () => {
    await expect(draftsOfCaseEvent(commentEvent('public'), noComments)).rejects.toBeInstanceOf(
      EventCommentMissingError,
    )
  })
})

describe('draftsOfCaseEvent: from what the use cases write', () => {
  it('publishes case.created with the filed case from the history event, not from the case', async () => {
    // Arrange
    const cases = new InMemoryCaseStore()
    const alice = aContact()
    const deps = {
      cases,
      contacts: new InMemoryContactDirectory([alice]),
      clock: fixedClock(),
      ids: sequentialIds(),
      ...slaFakes(),
    }
    const created = await createCase(
      aCreateCaseInput({ productVersion: '7.2', severity: 'critical', impact: 'Nobody can invoice' }),
      aCustomer(),
      deps,
    )
    const event = cases.inserted[0]?.event as CaseEvent

    // Act
    const drafts = await draftsOfCaseEvent(event, { cases })

    // Assert
    expect(drafts).toEqual([
      {
        id: `evt_${event.id}`,
        type: 'case.created',
        version: 1,
        time: event.at,
        accountId: 'acme',
        caseId: created.id,
        audience: 'account',
        data: {
          actor: { userId: 'alice', role: 'customer' },
          case: {
            id: created.id,
            accountId: 'acme',
            contactId: 'alice',
            title: created.title,
            description: created.description,
            product: 'ERP',
            productVersion: '7.2',
            impact: 'Nobody can invoice',
            type: created.type,
            severity: 'critical',
            priority: created.priority,
            queue: created.queue,
            status: created.status,
          },
        },
      },
    ])
    expectConformingDrafts(drafts)
  })

  it('publishes an internal note added through the API as case.note_added with its body', async () => {
    // Arrange
    const cases = new InMemoryCaseStore({ cases: [aCase({ status: 'in_progress' })] })
    const deps = { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() }
    await addComment(
      'case-1',
      { body: 'Customer is on an old build', visibility: 'internal' },
      aStaffMember(),
      deps,
    )
    const event = cases.events[0] as CaseEvent

    // Act
    const drafts = await draftsOfCaseEvent(event, { cases })

    // Assert
    expect(drafts).toEqual([
      expect.objectContaining({
        type: 'case.note_added',
        audience: 'staff',
        data: expect.objectContaining({
          comment: expect.objectContaining({ body: 'Customer is on an old build', visibility: 'internal' }),
        }),
      }),
    ])
  })
})
