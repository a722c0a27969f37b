import { describe, expect, it } from 'vitest'
import { seedRouting } from '#src/domain/queue-seeds.ts'
import { defaultQueueRouting, type Queue } from '#src/domain/queues.ts'
import {
  explainRouting,
  maxRoutingRules,
  Routing,
  type RoutingDraft,
  routeCase,
  routedQueues,
  routingProblems,
} from '#src/domain/routing.ts'

const aDraft = (overrides: Partial<RoutingDraft> = {}): RoutingDraft => ({
  type: 'general_inquiry',
  product: 'ERP',
  accountId: 'acme',
  serviceLevel: 'premium',
  severity: 'standard',
  ...overrides,
})

const aQueue = (id: string, active = true): Queue => ({
  id,
  names: { de: id, en: id },
  active,
  version: 1,
})

const everyQueueActive = () => true

const routing: Routing = {
  rules: [
    {
      name: 'Outages',
      when: { caseTypes: ['cloud_outage'], severities: ['critical', 'urgent'] },
      queue: 'cloud-ops',
    },
    { when: { products: ['  Cloud Suite '], serviceLevels: ['premium'] }, queue: 'premium-cloud' },
    { name: 'Everything of globex', when: { accountIds: ['globex'] }, queue: 'globex-desk' },
  ],
  defaultQueue: 'support',
}

describe('Routing', () => {
  it('accepts rules with and without name and conditions', () => {
    expect(Routing.safeParse(routing).success).toBe(true)
    expect(
      Routing.safeParse({ rules: [{ when: {}, queue: 'support' }], defaultQueue: 'support' }).success,
    ).toBe(true)
  })

  it.each([
    ['an unknown condition', { rules: [{ when: { colours: ['red'] }, queue: 'a' }], defaultQueue: 'a' }],
    ['an empty list of values', { rules: [{ when: { caseTypes: [] }, queue: 'a' }], defaultQueue: 'a' }],
    ['an unknown case type', { rules: [{ when: { caseTypes: ['gossip'] }, queue: 'a' }], defaultQueue: 'a' }],
    ['an empty rule name', { rules: [{ name: '', when: {}, queue: 'a' }], defaultQueue: 'a' }],
    ['an unknown top-level field', { rules: [], defaultQueue: 'a', fallback: 'b' }],
    ['no default queue', { rules: [] }],
  ])('refuses %s', (_what, candidate) => {
    expect(Routing.safeParse(candidate).success).toBe(false)
  })

  it(`holds at most ${maxRoutingRules} rules`, () => {
    const rules = (count: number) => Array.from({ length: count }, () => ({ when: {}, queue: 'support' }))

    expect(Routing.safeParse({ rules: rules(maxRoutingRules), defaultQueue: 'support' }).success).toBe(true)
    expect(Routing.safeParse({ rules: rules(maxRoutingRules + 1), defaultQueue: 'support' }).success).toBe(
      false,
    )
  })
})

describe('routeCase', () => {
  it('sends a case no rule matches to the default queue, with every rule checked and why it failed', () => {
    const decision = routeCase(routing, aDraft({ serviceLevel: 'standard' }), everyQueueActive)

    expect(decision).toEqual({
      queue: 'support',
      rule: null,
      checks: [
        {
          rule: 1,
          name: 'Outages',
          queue: 'cloud-ops',
          outcome: 'not_matched',
          unmet: [
            'case type general_inquiry is not one of cloud_outage',
            'severity standard is not one of critical, urgent',
          ],
        },
        {
          rule: 2,
          queue: 'premium-cloud',
          outcome: 'not_matched',
          unmet: ['product erp is not one of cloud suite', 'service level standard is not one of premium'],
        },
        {
          rule: 3,
          name: 'Everything of globex',
          queue: 'globex-desk',
          outcome: 'not_matched',
          unmet: ['account acme is not one of globex'],
        },
      ],
    })
  })

  it('sends a case to the first rule that matches, and tries no rule after it', () => {
    // Arrange: the outage of a globex case matches rules 1 and 3
    const draft = aDraft({ type: 'cloud_outage', severity: 'critical', accountId: 'globex' })

    // Act
    const decision = routeCase(routing, draft, everyQueueActive)

    // Assert
    expect(decision).toMatchObject({ queue: 'cloud-ops', rule: 1, ruleName: 'Outages' })
    expect(decision.checks).toEqual([
      { rule: 1, name: 'Outages', queue: 'cloud-ops', outcome: 'matched', unmet: [] },
    ])
  })

  it('matches only when every condition of the rule holds', () => {
    const decision = routeCase(routing, aDraft({ type: 'cloud_outage', severity: 'low' }), everyQueueActive)

    expect(decision.rule).toBeNull()
    expect(decision.checks[0]?.unmet).toEqual(['severity low is not one of critical, urgent'])
  })

  it('compares products without regard to case and surrounding spaces', () => {
    const decision = routeCase(routing, aDraft({ product: 'cloud suite  ' }), everyQueueActive)

    expect(decision).toMatchObject({ queue: 'premium-cloud', rule: 2 })
    expect(decision.ruleName).toBeUndefined()
    expect(decision.checks[1]).not.toHaveProperty('name')
  })

  it('does not match a rule on service levels when the account is gone', () => {
    const decision = routeCase(
      routing,
      aDraft({ product: 'Cloud Suite', serviceLevel: undefined }),
      everyQueueActive,
    )

    expect(decision.rule).toBeNull()
    expect(decision.checks[1]?.unmet).toEqual(['service level unknown is not one of premium'])
  })

  it('matches every case with a rule without conditions', () => {
    const catchAll: Routing = { rules: [{ when: {}, queue: 'triage' }], defaultQueue: 'support' }

    expect(routeCase(catchAll, aDraft(), everyQueueActive)).toMatchObject({ queue: 'triage', rule: 1 })
  })

  it('skips a matching rule whose queue is inactive and goes on to the next rule', () => {
    // Arrange
    const draft = aDraft({ type: 'cloud_outage', severity: 'urgent', accountId: 'globex' })

    // Act
    const decision = routeCase(routing, draft, (queueId) => queueId !== 'cloud-ops')

    // Assert
    expect(decision).toMatchObject({ queue: 'globex-desk', rule: 3, ruleName: 'Everything of globex' })
    expect(decision.checks.map((check) => check.outcome)).toEqual([
      'queue_inactive',
      'not_matched',
      'matched',
    ])
  })

  it('falls back to the default queue when every matching rule names an inactive queue', () => {
    const draft = aDraft({ type: 'cloud_outage', severity: 'urgent' })

    const decision = routeCase(routing, draft, (queueId) => queueId === 'support')

    expect(decision).toMatchObject({ queue: 'support', rule: null })
    expect(decision.checks[0]?.outcome).toBe('queue_inactive')
  })
})

describe('routedQueues', () => {
  it('names the default queue and every rule’s queue once', () => {
    const named = routedQueues({ ...routing, rules: [...routing.rules, { when: {}, queue: 'support' }] })

    expect([...named].sort()).toEqual(['cloud-ops', 'globex-desk', 'premium-cloud', 'support'])
  })
})

describe('routingProblems', () => {
  const queues = [
    aQueue('cloud-ops'),
    aQueue('globex-desk', false),
    aQueue('premium-cloud'),
    aQueue('support'),
  ]

  it('finds none when every queue named is active', () => {
    expect(routingProblems({ ...routing, rules: routing.rules.slice(0, 2) }, queues)).toEqual([])
  })

  it('points at the default queue and at each rule whose queue is unknown or inactive', () => {
    const problems = routingProblems(
      { rules: [...routing.rules, { when: {}, queue: 'sales' }], defaultQueue: 'frontline' },
      queues,
    )

    expect(problems).toEqual([
      {
        pointer: '/defaultQueue',
        detail: 'is not a queue; the active queues are cloud-ops, premium-cloud, support',
      },
      { pointer: '/rules/2/queue', detail: 'queue globex-desk is inactive' },
      {
        pointer: '/rules/3/queue',
        detail: 'is not a queue; the active queues are cloud-ops, premium-cloud, support',
      },
    ])
  })
})

describe('seedRouting', () => {
  it('turns the default settings into one rule for consulting requests, defaulting to support', () => {
    expect(seedRouting(defaultQueueRouting)).toEqual({
      rules: [
        {
          name: 'Case types of consulting',
          when: { caseTypes: ['consulting_request'] },
          queue: 'consulting',
        },
      ],
      defaultQueue: 'support',
    })
  })

  it('makes one rule per target queue with its case types sorted, the rules in the order of the queues', () => {
    const seeded = seedRouting({
      defaultQueue: 'frontline',
      byType: { support_portal: 'cloud-ops', consulting_request: 'consulting', cloud_outage: 'cloud-ops' },
    })

    expect(seeded.rules).toEqual([
      {
        name: 'Case types of cloud-ops',
        when: { caseTypes: ['cloud_outage', 'support_portal'] },
        queue: 'cloud-ops',
      },
      { name: 'Case types of consulting', when: { caseTypes: ['consulting_request'] }, queue: 'consulting' },
    ])
    expect(seeded.defaultQueue).toBe('frontline')
    expect(Routing.safeParse(seeded).success).toBe(true)
  })

  it('routes every case type as the settings did', () => {
    // Arrange
    const setting = {
      defaultQueue: 'support',
      byType: { cloud_outage: 'cloud-ops', consulting_request: 'consulting' },
    }
    const seeded = seedRouting(setting)

    // Act
    const queueOf = (type: RoutingDraft['type']) =>
      routeCase(seeded, aDraft({ type }), everyQueueActive).queue

    // Assert
    expect([queueOf('cloud_outage'), queueOf('consulting_request'), queueOf('general_inquiry')]).toEqual([
      'cloud-ops',
      'consulting',
      'support',
    ])
  })

  it('has no rule when the settings route no case type', () => {
    expect(seedRouting({ defaultQueue: 'support', byType: {} })).toEqual({
      rules: [],
      defaultQueue: 'support',
    })
  })
})

describe('explainRouting', () => {
  it('names the rule, its name and the version that routed the case', () => {
    const decision = routeCase(routing, aDraft({ accountId: 'globex' }), everyQueueActive)

    expect(explainRouting(decision, 4)).toBe(
      'Rule 3 "Everything of globex" of routing version 4 matched first and sends the case to globex-desk.',
    )
  })

  it('leaves out the name of an unnamed rule', () => {
    const decision = routeCase(routing, aDraft({ product: 'Cloud Suite' }), everyQueueActive)

    expect(explainRouting(decision, 2)).toBe(
      'Rule 2 of routing version 2 matched first and sends the case to premium-cloud.',
    )
  })

  it('says how many rules were tried before the default queue', () => {
    const decision = routeCase(routing, aDraft(), everyQueueActive)

    expect(explainRouting(decision, 1)).toBe(
      'None of the 3 rules matched, so routing version 1 sends the case to its default queue support.',
    )
  })

  it('speaks of a single rule in the singular', () => {
    const one = {
      rules: [{ when: { severities: ['critical' as const] }, queue: 'cloud-ops' }],
      defaultQueue: 'support',
    }

    expect(explainRouting(routeCase(one, aDraft(), everyQueueActive), 4)).toBe(
      'Its one rule did not match, so routing version 4 sends the case to its default queue support.',
    )
  })

  it('says when the routing has no rules', () => {
    const decision = routeCase({ rules: [], defaultQueue: 'support' }, aDraft(), everyQueueActive)

    expect(explainRouting(decision, 1)).toBe(
      'The routing has no rules, so routing version 1 sends the case to its default queue support.',
    )
  })

  it('tells of each matching rule skipped for its inactive queue', () => {
    const draft = aDraft({ type: 'cloud_outage', severity: 'critical', product: 'Cloud Suite' })

    const decision = routeCase(routing, draft, (queueId) => queueId === 'support')

    expect(explainRouting(decision, 5)).toBe(
      'None of the 3 rules matched, so routing version 5 sends the case to its default queue support' +
        ' (rule 1 matched but its queue cloud-ops is inactive; rule 2 matched but its queue premium-cloud is inactive).',
    )
  })
})
