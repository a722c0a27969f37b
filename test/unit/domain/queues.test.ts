import { describe, expect, it } from 'vitest'
import { seedQueues } from '#src/domain/queue-seeds.ts'
import { defaultQueueRouting, type Queue, queueProblem } from '#src/domain/queues.ts'
import { QueueView } from '#src/http/schemas/queues.ts'

const aQueue = (overrides: Partial<Queue> = {}): Queue => ({
  id: 'support',
  names: { de: 'Support', en: 'Support' },
  active: true,
  version: 1,
  ...overrides,
})

describe('QueueView (the API schema of a queue)', () => {
  it.each(['support', 'cloud-ops', 'Tier_2', 'a'.repeat(64)])('accepts the id %s', (id) => {
    expect(QueueView.safeParse(aQueue({ id })).success).toBe(true)
  })

  it.each(['', 'a'.repeat(65), 'cloud ops', 'ops/eu', 'ünicode'])('refuses the id %j', (id) => {
    expect(QueueView.safeParse(aQueue({ id })).success).toBe(false)
  })

  it('refuses a version below 1', () => {
    expect(QueueView.safeParse(aQueue({ version: 0 })).success).toBe(false)
  })
})

describe('seedQueues', () => {
  it('seeds support and consulting, active at version 1, from the default settings', () => {
    expect(seedQueues(defaultQueueRouting, {})).toEqual([
      { id: 'consulting', names: { de: 'Beratung', en: 'Consulting' }, active: true, version: 1 },
      { id: 'support', names: { de: 'Support', en: 'Support' }, active: true, version: 1 },
    ])
  })

  it('adds every queue the settings route to or address, once, ordered by id, named by its id', () => {
    // Arrange
    const routing = {
      defaultQueue: 'frontline',
      byType: { cloud_outage: 'cloud-ops', support_portal: 'cloud-ops' },
    }

    // Act
    const queues = seedQueues(routing, {
      billing: 'billing@caseline.example',
      support: 'help@caseline.example',
    })

    // Assert
    expect(queues.map((queue) => queue.id)).toEqual([
      'billing',
      'cloud-ops',
      'consulting',
      'frontline',
      'support',
    ])
    expect(queues.find((queue) => queue.id === 'cloud-ops')?.names).toEqual({
      de: 'cloud-ops',
      en: 'cloud-ops',
    })
    expect(queues.every((queue) => queue.active && queue.version === 1)).toBe(true)
  })

  it('gives a queue the team address of the settings, and no address to the others', () => {
    const queues = seedQueues(defaultQueueRouting, { support: 'help@caseline.example' })

    expect(queues.find((queue) => queue.id === 'support')?.teamAddress).toBe('help@caseline.example')
    expect(queues.find((queue) => queue.id === 'consulting')).not.toHaveProperty('teamAddress')
  })

  it('seeds only queues the schema accepts', () => {
    const queues = seedQueues({ defaultQueue: 'frontline', byType: {} }, { billing: 'b@caseline.example' })

    expect(queues.map((queue) => QueueView.safeParse(queue).success)).toEqual([true, true, true, true])
  })
})

describe('queueProblem', () => {
  const queues = [
    aQueue({ id: 'consulting' }),
    aQueue({ id: 'legacy', active: false }),
    aQueue({ id: 'support' }),
  ]

  it('finds no problem with an active queue', () => {
    expect(queueProblem('support', queues, '/queue')).toBeUndefined()
  })

  it('names the active queues for an unknown one, at the pointer given', () => {
    expect(queueProblem('sales', queues, '/rules/2/queue')).toEqual({
      pointer: '/rules/2/queue',
      detail: 'is not a queue; the active queues are consulting, support',
    })
  })

  it('says an inactive queue is inactive', () => {
    expect(queueProblem('legacy', queues, '/defaultQueue')).toEqual({
      pointer: '/defaultQueue',
      detail: 'queue legacy is inactive',
    })
  })
})
