import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '#src/domain/case.ts'
import {
  addCounters,
  type CaseReading,
  contributionOf,
  dayOf,
  emptyCounters,
  isEmptyContribution,
  needsCase,
  signalsOf,
} from '#src/domain/metrics/case-metrics.ts'
import { bucketOf } from '#src/domain/metrics/histogram.ts'
import { type SlaOutcome, slaOutcomeTargets } from '#src/domain/sla/sla-outcome.ts'
import { aCaseEvent } from '../fakes/mail.ts'

const created = aCaseEvent({
  id: 'created',
  type: 'case.created',
  action: 'create',
  at: '2026-11-25T23:30:00.000Z',
  changes: [
    { field: 'severity', after: 'urgent' },
    { field: 'status', after: 'new' },
  ],
})
const firstResponse = aCaseEvent({
  id: 'first-response',
  type: 'case.updated',
  action: 'first_response',
  actor: { userId: 'sam', role: 'agent' },
  changes: [{ field: 'firstResponseAt', after: '2026-11-25T10:00:00.000Z' }],
})
const transitioned = (status: string, extra: CaseEvent['changes'] = []) =>
  aCaseEvent({
    id: `to-${status}`,
    type: 'case.transitioned',
    action: status,
    changes: [{ field: 'status', before: 'open', after: status }, ...extra],
  })

const reading = (overrides: Partial<CaseReading> = {}): CaseReading => ({
  severity: 'standard',
  slaOutcome: undefined,
  responded: false,
  responseMinutes: undefined,
  ...overrides,
})

function contribution(event: CaseEvent, read?: CaseReading) {
  const signals = signalsOf(event)
  if (!signals) throw new Error('the event signals nothing')
  return contributionOf(event, signals, read)
}

describe('what an event signals for the metrics', () => {
  it('ignores comments, files, escalations, SLA warnings and breaches', () => {
    for (const type of ['comment.added', 'file.uploaded', 'case.escalated', 'sla.warning', 'sla.breached']) {
      expect(signalsOf(aCaseEvent({ type })), type).toBeUndefined()
    }
  })

  it('counts a filing from the event alone: no need to read the case', () => {
    const signals = signalsOf(created)

    expect(signals).toMatchObject({ opened: { severity: 'urgent' } })
    expect(needsCase(signals as NonNullable<typeof signals>)).toBe(false)
  })

  it('needs the case for everything else (severity, SLA clock)', () => {
    const signals = signalsOf(transitioned('closed'))

    expect(needsCase(signals as NonNullable<typeof signals>)).toBe(true)
  })

  it('refuses a survey rating outside 1–5', () => {
    expect(signalsOf(aCaseEvent({ type: 'survey.answered', details: { rating: 9 } }))).toBeUndefined()
  })
})

describe('what an event adds to the aggregates', () => {
  it('counts a filing as opened and one more open case, on the UTC day of the event', () => {
    expect(contribution(created)).toEqual({
      eventId: 'created',
      accountId: 'acme',
      day: '2026-11-25',
      bySeverity: { urgent: expect.objectContaining({ opened: 1, backlogChange: 1 }) },
    })
  })

  it('counts a first response in time as met, with its business minutes', () => {
    const added = contribution(
      firstResponse,
      reading({ slaOutcome: 'met', responded: true, responseMinutes: 45 }),
    )

    expect(added.bySeverity.standard).toMatchObject({
      firstResponsesMet: 1,
      firstResponsesBreached: 0,
      responseMinutes: { [bucketOf(45)]: 1 },
    })
  })

  it('counts a late first response as breached, under the severity the case has', () => {
    const added = contribution(
      firstResponse,
      reading({ severity: 'critical', slaOutcome: 'breached', responded: true, responseMinutes: 300 }),
    )

    expect(added.bySeverity).toEqual({
      critical: expect.objectContaining({
        firstResponsesBreached: 1,
        responseMinutes: { [bucketOf(300)]: 1 },
      }),
    })
  })

  it('counts a closing as closed and one open case fewer; a staff close that is also the first response, both', () => {
    const staffClose = transitioned('closed', [
      { field: 'firstResponseAt', after: '2026-11-25T10:00:00.000Z' },
    ])

    const added = contribution(
      staffClose,
      reading({ slaOutcome: 'met', responded: true, responseMinutes: 10 }),
    )

    expect(added.bySeverity.standard).toMatchObject({ closed: 1, backlogChange: -1, firstResponsesMet: 1 })
  })

  it('counts a case cancelled unanswered after its deadline as breached, once, on the cancellation', () => {
    const breached = contribution(
      transitioned('cancelled'),
      reading({ slaOutcome: 'breached', responded: false }),
    )
    const inTime = contribution(
      transitioned('cancelled'),
      reading({ slaOutcome: undefined, responded: false }),
    )
    const answered = contribution(
      transitioned('cancelled'),
      reading({ slaOutcome: 'breached', responded: true }),
    )

    expect(breached.bySeverity.standard).toMatchObject({
      cancelled: 1,
      backlogChange: -1,
      firstResponsesBreached: 1,
    })
    expect(inTime.bySeverity.standard).toMatchObject({ cancelled: 1, firstResponsesBreached: 0 })
    // Answered late: the breach was counted with the first response already.
    expect(answered.bySeverity.standard).toMatchObject({ firstResponsesBreached: 0 })
  })

  it('moves an open case from one severity’s backlog to the other’s', () => {
    const raised = aCaseEvent({
      type: 'case.updated',
      action: 'update',
      changes: [{ field: 'severity', before: 'standard', after: 'critical' }],
    })

    const added = contribution(raised, reading({ severity: 'critical' }))

    expect(added.bySeverity.standard).toMatchObject({ backlogChange: -1 })
    expect(added.bySeverity.critical).toMatchObject({ backlogChange: 1 })
    expect(isEmptyContribution(added)).toBe(false)
  })

  it('adds a survey rating to the CSAT of the case’s severity', () => {
    const answered = aCaseEvent({ type: 'survey.answered', action: 'answer_survey', details: { rating: 4 } })

    const added = contribution(answered, reading({ severity: 'low' }))

    expect(added.bySeverity.low).toMatchObject({ csatSum: 4, csatCount: 1 })
  })

  it('adds nothing for a first response without an SLA (no clock, no calendar)', () => {
    expect(isEmptyContribution(contribution(firstResponse, reading({ responded: true })))).toBe(true)
  })
})

describe('days', () => {
  it('are UTC dates, whatever offset the time was written with', () => {
    expect(dayOf('2026-11-25T23:59:59.999Z')).toBe('2026-11-25')
    expect(dayOf('2026-11-26T00:30:00+01:00')).toBe('2026-11-25')
  })
})

describe('SLA outcomes carried by an event', () => {
  const outcome = (overrides: Partial<SlaOutcome> = {}): SlaOutcome => ({
    target: 'resolution',
    outcome: 'met',
    businessMinutes: 600,
    severity: 'urgent',
    ...overrides,
  })
  const carrying = (outcomes: unknown, overrides: Partial<CaseEvent> = {}) =>
    aCaseEvent({
      id: 'with-outcomes',
      type: 'comment.added',
      details: { slaOutcomes: outcomes },
      ...overrides,
    })

  it('count for every target, met or breached, with the business minutes in that target’s histogram', () => {
    for (const target of slaOutcomeTargets) {
      for (const result of ['met', 'breached'] as const) {
        // Act
        const added = contribution(carrying([outcome({ target, outcome: result, businessMinutes: 90 })]))

        // Assert
        expect(added.bySeverity, `${target} ${result}`).toEqual({
          urgent: expect.objectContaining({
            slaTargets: {
              [target]: {
                met: result === 'met' ? 1 : 0,
                breached: result === 'breached' ? 1 : 0,
                businessMinutes: { [bucketOf(90)]: 1 },
              },
            },
          }),
        })
      }
    }
  })

  it('are counted from the event alone, under the severity each names, on any event type', () => {
    for (const type of ['comment.added', 'sla.breached', 'case.updated', 'case.transitioned']) {
      // Act
      const event = carrying([outcome({ severity: 'low' })], { type })
      const signals = signalsOf(event)

      // Assert
      expect(signals?.slaOutcomes, type).toEqual([outcome({ severity: 'low' })])
      expect(needsCase(signals as NonNullable<typeof signals>), type).toBe(false)
      expect(Object.keys(contribution(event).bySeverity), type).toEqual(['low'])
    }
  })

  it('add up when one event carries several, of one target or of several, under their own severities', () => {
    // Arrange
    const outcomes = [
      outcome({ target: 'next_reply', outcome: 'met', businessMinutes: 10 }),
      outcome({ target: 'next_reply', outcome: 'breached', businessMinutes: 500 }),
      outcome({ target: 'periodic_update', outcome: 'breached', businessMinutes: 240 }),
      outcome({ target: 'resolution', outcome: 'met', businessMinutes: 2_000, severity: 'critical' }),
    ]

    // Act
    const added = contribution(carrying(outcomes))

    // Assert
    expect(added.bySeverity.urgent?.slaTargets).toEqual({
      next_reply: { met: 1, breached: 1, businessMinutes: { [bucketOf(10)]: 1, [bucketOf(500)]: 1 } },
      periodic_update: { met: 0, breached: 1, businessMinutes: { [bucketOf(240)]: 1 } },
    })
    expect(added.bySeverity.critical?.slaTargets).toEqual({
      resolution: { met: 1, breached: 0, businessMinutes: { [bucketOf(2_000)]: 1 } },
    })
    expect(isEmptyContribution(added)).toBe(false)
  })

  it('count beside what the event counts from the case: a first response and its outcome', () => {
    // Arrange
    const answered = aCaseEvent({
      ...firstResponse,
      details: {
        slaOutcomes: [outcome({ target: 'first_response', businessMinutes: 45, severity: 'standard' })],
      },
    })
    const signals = signalsOf(answered)

    // Act
    const added = contribution(answered, reading({ slaOutcome: 'met', responded: true, responseMinutes: 45 }))

    // Assert
    expect(needsCase(signals as NonNullable<typeof signals>)).toBe(true)
    expect(added.bySeverity.standard).toMatchObject({
      firstResponsesMet: 1,
      responseMinutes: { [bucketOf(45)]: 1 },
      slaTargets: { first_response: { met: 1, breached: 0, businessMinutes: { [bucketOf(45)]: 1 } } },
    })
  })

  it('leave an event without outcomes as it was: ignored, or counted without any target', () => {
    expect(signalsOf(carrying([]))).toBeUndefined()
    expect(signalsOf(carrying([{ target: 'resolution', outcome: 'stopped' }]))).toBeUndefined()
    expect(
      signalsOf(aCaseEvent({ type: 'sla.breached', details: { dueAt: '2026-11-25T10:00:00.000Z' } })),
    ).toBeUndefined()
    expect(contribution(created).bySeverity.urgent?.slaTargets).toEqual({})
    expect(needsCase(signalsOf(created) as NonNullable<ReturnType<typeof signalsOf>>)).toBe(false)
  })

  it('add up across contributions target by target, histograms merged', () => {
    // Arrange
    const a = contribution(carrying([outcome({ businessMinutes: 100 })])).bySeverity.urgent
    const b = contribution(carrying([outcome({ outcome: 'breached', businessMinutes: 3_000 })])).bySeverity
      .urgent
    const c = contribution(carrying([outcome({ target: 'next_reply', businessMinutes: 5 })])).bySeverity
      .urgent

    // Act
    const sum = addCounters(addCounters(addCounters(emptyCounters(), a ?? {}), b ?? {}), c ?? {})

    // Assert
    expect(sum.slaTargets).toEqual({
      resolution: { met: 1, breached: 1, businessMinutes: { [bucketOf(100)]: 1, [bucketOf(3_000)]: 1 } },
      next_reply: { met: 1, breached: 0, businessMinutes: { [bucketOf(5)]: 1 } },
    })
  })
})
