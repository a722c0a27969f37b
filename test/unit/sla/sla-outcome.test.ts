import { describe, expect, it } from 'vitest'
import { SlaOutcome, slaOutcomesOf, slaOutcomeTargets } from '#src/domain/sla/sla-outcome.ts'

const resolutionMet: SlaOutcome = {
  target: 'resolution',
  outcome: 'met',
  businessMinutes: 1_250,
  severity: 'urgent',
}

describe('an SLA outcome', () => {
  it('names one of the four targets, met or breached, its business minutes and the case’s severity', () => {
    expect(slaOutcomeTargets).toEqual(['first_response', 'next_reply', 'periodic_update', 'resolution'])
    expect(SlaOutcome.safeParse(resolutionMet).success).toBe(true)
    expect(SlaOutcome.safeParse({ ...resolutionMet, target: 'response' }).success).toBe(false)
    expect(SlaOutcome.safeParse({ ...resolutionMet, outcome: 'stopped' }).success).toBe(false)
    expect(SlaOutcome.safeParse({ ...resolutionMet, businessMinutes: -1 }).success).toBe(false)
    expect(SlaOutcome.safeParse({ ...resolutionMet, severity: 'high' }).success).toBe(false)
  })
})

describe('the outcomes in an event’s details', () => {
  it('are every well-formed entry of `slaOutcomes`, in order', () => {
    // Arrange
    const breached: SlaOutcome = {
      target: 'next_reply',
      outcome: 'breached',
      businessMinutes: 500,
      severity: 'low',
    }

    // Act
    const outcomes = slaOutcomesOf({ commentId: 'c-1', slaOutcomes: [resolutionMet, breached] })

    // Assert
    expect(outcomes).toEqual([resolutionMet, breached])
  })

  it('are none without details, without `slaOutcomes` or when it is not a list', () => {
    expect(slaOutcomesOf(undefined)).toEqual([])
    expect(slaOutcomesOf({ reason: 'no clock ended' })).toEqual([])
    expect(slaOutcomesOf({ slaOutcomes: resolutionMet })).toEqual([])
  })

  it('leave out a malformed entry and keep the rest', () => {
    expect(slaOutcomesOf({ slaOutcomes: [{ target: 'resolution' }, resolutionMet, null] })).toEqual([
      resolutionMet,
    ])
  })
})
