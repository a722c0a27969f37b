import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { bucketOf } from '#src/domain/metrics/histogram.ts'
import { markBreached, type SlaClock } from '#src/domain/sla/case-sla.ts'
import type { LegacySlaClock } from '#src/domain/sla/sla-clock.ts'
import { type RecordCaseMetricsDeps, recordCaseMetrics } from '#src/use-cases/metrics/record-case-metrics.ts'
import { aCase, fixedClock, InMemoryCaseStore, InMemorySlaSettings, now, rejectionOf } from '../fakes/core.ts'
import { aCaseEvent } from '../fakes/mail.ts'
import { InMemoryMetricsStore } from '../fakes/metrics.ts'
import { aRunningClock, changedAt } from '../fakes/sla.ts'

/** Monday 23 November 2026, 09:00 in Vienna: the case is filed in business hours. */
const filedAt = '2026-11-23T08:00:00.000Z'

const clockOf = (targetMinutes: number): SlaClock => aRunningClock(filedAt, targetMinutes)

/** A case filed at `at` whose first-response clock runs (standard severity unless overridden). */
const filedCase = (at: string, clock: SlaClock, overrides: Partial<Case> = {}) =>
  aCase({ createdAt: at, updatedAt: at, slaClocks: { first_response: clock }, ...overrides })

function setup(cases: Case[] = []) {
  const store = new InMemoryCaseStore({ cases })
  const metrics = new InMemoryMetricsStore()
  const deps: RecordCaseMetricsDeps = {
    cases: store,
    slaSettings: new InMemorySlaSettings(),
    metrics,
    clock: fixedClock(),
  }
  return { deps, metrics, store }
}

/** The case after sam's first response at `at`, its clock following as the use cases make it. */
function answered(at: string, targetMinutes: number, overrides: Partial<Case> = {}): Case {
  const filed = filedCase(filedAt, clockOf(targetMinutes), overrides)
  return changedAt(filed, at, { status: 'open', firstResponseAt: at }, { publicStaffUpdate: true })
}

const firstResponse = (at: string) =>
  aCaseEvent({
    id: 'response',
    type: 'case.updated',
    action: 'first_response',
    at,
    changes: [{ field: 'firstResponseAt', after: at }],
  })

describe('recordCaseMetrics', () => {
  it('counts a filing from the event alone, without reading the case', async () => {
    // Arrange
    const { deps, metrics, store } = setup()
    const created = aCaseEvent({
      id: 'created',
      type: 'case.created',
      action: 'create',
      at: filedAt,
      changes: [{ field: 'severity', after: 'urgent' }],
    })

    // Act
    const outcome = await recordCaseMetrics(created, deps)

    // Assert
    expect(outcome).toEqual({ eventId: 'created', outcome: 'recorded' })
    expect(store.findCalls).toEqual([])
    expect(await metrics.openCases({ kind: 'all' })).toMatchObject({ urgent: 1 })
  })

  it('counts a redelivered event once', async () => {
    // Arrange
    const { deps, metrics } = setup([answered('2026-11-23T08:45:00.000Z', 480)])
    const event = firstResponse('2026-11-23T08:45:00.000Z')

    // Act
    const first = await recordCaseMetrics(event, deps)
    const again = await recordCaseMetrics(event, deps)

    // Assert
    expect([first.outcome, again.outcome]).toEqual(['recorded', 'duplicate'])
    const [day] = await metrics.listDays({ kind: 'account', accountId: 'acme' }, '2026-11-23', '2026-11-23')
    expect(day?.counters.firstResponsesMet).toBe(1)
  })

  it('measures the first response in business minutes on the case’s calendar: Friday 13:00 to Monday 09:30 is 150', async () => {
    // Arrange: filed Friday 20 November 13:00 Vienna (one business hour left), answered Monday 09:30 (90 more).
    const friday = '2026-11-20T12:00:00.000Z'
    const monday = '2026-11-23T08:30:00.000Z'
    const c = changedAt(
      filedCase(friday, aRunningClock(friday, 240)),
      monday,
      { status: 'open', firstResponseAt: monday },
      { publicStaffUpdate: true },
    )
    const { deps, metrics } = setup([c])

    // Act
    await recordCaseMetrics(firstResponse(monday), deps)

    // Assert
    expect(metrics.recorded[0]?.bySeverity.standard).toMatchObject({
      firstResponsesMet: 1,
      responseMinutes: { [bucketOf(150)]: 1 },
    })
  })

  it('counts a response after the deadline as breached', async () => {
    // Arrange: target 60 minutes, answered after 120.
    const { deps, metrics } = setup([answered('2026-11-23T10:00:00.000Z', 60, { severity: 'critical' })])

    // Act
    await recordCaseMetrics(firstResponse('2026-11-23T10:00:00.000Z'), deps)

    // Assert
    expect(metrics.recorded[0]?.bySeverity.critical).toMatchObject({
      firstResponsesBreached: 1,
      firstResponsesMet: 0,
      responseMinutes: { [bucketOf(120)]: 1 },
    })
  })

  it('counts a case cancelled unanswered after its deadline as breached, even before the breach timer marked it', async () => {
    // Arrange: due 09:00 + 60 min; cancelled at 11:00 with the clock still running (the timer was late),
    // after the timer marked it, or stored as the single clock of before, stopped without a mark.
    const cancelledAt = '2026-11-23T10:00:00.000Z'
    const cancelled = { status: 'cancelled', cancelledAt } as const
    const unmarked = changedAt(filedCase(filedAt, clockOf(60)), cancelledAt, cancelled)
    const marked = changedAt(filedCase(filedAt, markBreached(clockOf(60))), cancelledAt, cancelled)
    const legacyClock: LegacySlaClock = {
      calendarId: 'vienna',
      targetMinutes: 60,
      startedAt: filedAt,
      pauses: [],
      dueAt: '2026-11-23T09:00:00.000Z',
      state: 'stopped',
      stoppedAt: cancelledAt,
    }
    const legacy = aCase({ status: 'cancelled', createdAt: filedAt, cancelledAt, slaClock: legacyClock })
    const cancel = aCaseEvent({
      type: 'case.transitioned',
      action: 'cancel',
      at: cancelledAt,
      changes: [{ field: 'status', before: 'new', after: 'cancelled' }],
    })

    for (const c of [unmarked, marked, legacy]) {
      const { deps, metrics } = setup([c])

      // Act
      await recordCaseMetrics(cancel, deps)

      // Assert
      expect(metrics.recorded[0]?.bySeverity.standard).toMatchObject({
        cancelled: 1,
        backlogChange: -1,
        firstResponsesBreached: 1,
      })
    }
  })

  it('counts the SLA outcomes an event carries without reading the case, and a redelivery once', async () => {
    // Arrange: a public staff reply that meets the next-reply target and ends a periodic-update cycle late.
    const { deps, metrics, store } = setup()
    const reply = aCaseEvent({
      id: 'reply',
      type: 'comment.added',
      at: '2026-11-23T09:00:00.000Z',
      details: {
        commentId: 'comment-7',
        slaOutcomes: [
          { target: 'next_reply', outcome: 'met', businessMinutes: 35, severity: 'urgent' },
          { target: 'periodic_update', outcome: 'breached', businessMinutes: 260, severity: 'urgent' },
        ],
      },
    })

    // Act
    const first = await recordCaseMetrics(reply, deps)
    const again = await recordCaseMetrics(reply, deps)

    // Assert
    expect([first.outcome, again.outcome]).toEqual(['recorded', 'duplicate'])
    expect(store.findCalls).toEqual([])
    const days = await metrics.listDays({ kind: 'all' }, '2026-11-23', '2026-11-23')
    expect(days).toEqual([
      expect.objectContaining({
        severity: 'urgent',
        counters: expect.objectContaining({
          opened: 0,
          slaTargets: {
            next_reply: { met: 1, breached: 0, businessMinutes: { [bucketOf(35)]: 1 } },
            periodic_update: { met: 0, breached: 1, businessMinutes: { [bucketOf(260)]: 1 } },
          },
        }),
      }),
    ])
  })

  it('ignores events that count for nothing, and events of a case that does not exist', async () => {
    // Arrange
    const { deps, metrics, store } = setup()

    // Act
    const comment = await recordCaseMetrics(aCaseEvent({ type: 'comment.added' }), deps)
    const orphan = await recordCaseMetrics(firstResponse(now.toISOString()), deps)

    // Assert
    expect(comment).toMatchObject({ outcome: 'ignored', reason: 'comment.added counts for nothing' })
    expect(orphan).toMatchObject({ outcome: 'ignored', reason: 'the case does not exist' })
    expect(store.findCalls).toHaveLength(1)
    expect(metrics.recorded).toEqual([])
  })

  it('lets a failing store fail the event, so the stream redelivers it', async () => {
    // Arrange
    const { deps } = setup([answered('2026-11-23T08:45:00.000Z', 480)])
    deps.metrics = {
      recordContribution: async () => {
        throw new Error('DynamoDB is unavailable')
      },
    }

    // Act
    const error = await rejectionOf(recordCaseMetrics(firstResponse('2026-11-23T08:45:00.000Z'), deps))

    // Assert
    expect(error).toEqual(new Error('DynamoDB is unavailable'))
  })
})
