import { describe, expect, it } from 'vitest'
import { defaultSlaPolicy, SlaPolicy, targetMinutesOf } from '#src/domain/sla/policy.ts'

describe('defaultSlaPolicy', () => {
  it('is a valid policy', () => {
    expect(SlaPolicy.safeParse(defaultSlaPolicy).error).toBeUndefined()
  })

  it.each([
    ['premium', 'critical', 120],
    ['premium', 'urgent', 240],
    ['premium', 'standard', 480],
    ['premium', 'low', 960],
    ['standard', 'critical', 240],
    ['standard', 'urgent', 480],
    ['standard', 'standard', 960],
    ['standard', 'low', 2400],
  ] as const)('gives %s %s cases %i business minutes (docs/sla.md)', (serviceLevel, severity, minutes) => {
    expect(
      targetMinutesOf(defaultSlaPolicy, 'first_response', { serviceLevel: serviceLevel }, severity),
    ).toBe(minutes)
  })
})

describe('targetMinutesOf with an account override', () => {
  it('takes the contract’s minutes for the severities it names and the policy’s for the rest', () => {
    // Arrange: acme negotiated 60 minutes for critical cases only
    const override = { critical: 60 }

    // Act
    const critical = targetMinutesOf(
      defaultSlaPolicy,
      'first_response',
      { serviceLevel: 'premium', slaOverride: override },
      'critical',
    )
    const urgent = targetMinutesOf(
      defaultSlaPolicy,
      'first_response',
      { serviceLevel: 'premium', slaOverride: override },
      'urgent',
    )

    // Assert
    expect(critical).toBe(60)
    expect(urgent).toBe(240)
  })
})

describe('SlaPolicy', () => {
  it.each([
    ['zero minutes', 0],
    ['fractional minutes', 90.5],
    ['more than the engine could place', 100_001],
  ])('refuses %s', (_case, minutes) => {
    // Arrange
    const policy = {
      ...defaultSlaPolicy,
      firstResponseMinutes: {
        ...defaultSlaPolicy.firstResponseMinutes,
        premium: { ...defaultSlaPolicy.firstResponseMinutes.premium, low: minutes },
      },
    }

    // Act
    const issues = SlaPolicy.safeParse(policy).error?.issues ?? []

    // Assert
    expect(issues.map((issue) => issue.path.join('/'))).toEqual(['firstResponseMinutes/premium/low'])
  })

  it('refuses a policy that leaves out a severity', () => {
    // Arrange
    const { low: _low, ...withoutLow } = defaultSlaPolicy.firstResponseMinutes.standard

    // Act
    const result = SlaPolicy.safeParse({
      ...defaultSlaPolicy,
      firstResponseMinutes: { ...defaultSlaPolicy.firstResponseMinutes, standard: withoutLow },
    })

    // Assert
    expect(result.success).toBe(false)
  })
})
