import { describe, expect, it } from 'vitest'
import { NotFoundError } from '#src/domain/errors.ts'
import { seedQueues, seedRouting } from '#src/domain/queue-seeds.ts'
import type { Queue } from '#src/domain/queues.ts'
import { listQueueCases } from '#src/use-cases/list-queue-cases.ts'
import { aCase, InMemoryCaseStore } from '../fakes/core.ts'
import { InMemoryQueueSettings } from '../fakes/queues.ts'

describe('listQueueCases', () => {
  it('lists the active cases of a queue, oldest first', async () => {
    // Arrange
    const cases = new InMemoryCaseStore({
      cases: [
        aCase({ id: 'young', queue: 'support', createdAt: '2026-11-24T00:00:00.000Z' }),
        aCase({ id: 'old', queue: 'support', createdAt: '2026-11-01T00:00:00.000Z' }),
        aCase({ id: 'done', queue: 'support', status: 'closed' }),
        aCase({ id: 'elsewhere', queue: 'consulting' }),
      ],
    })

    // Act
    const page = await listQueueCases(
      'support',
      { limit: 25 },
      { cases, queues: new InMemoryQueueSettings() },
    )

    // Assert
    expect(page.items.map((c) => c.id)).toEqual(['old', 'young'])
  })

  it('passes limit and cursor to the store', async () => {
    const cases = new InMemoryCaseStore()
    const asked: unknown[] = []
    cases.listQueueCases = async (queue, options) => {
      asked.push({ queue, options })
      return { items: [], nextCursor: null }
    }

    await listQueueCases(
      'consulting',
      { limit: 5, cursor: 'abc.def' },
      { cases, queues: new InMemoryQueueSettings() },
    )

    expect(asked).toEqual([{ queue: 'consulting', options: { limit: 5, cursor: 'abc.def' } }])
  })

  it('answers 404 for a queue that is not defined', async () => {
    await expect(
      listQueueCases(
        'cloud-ops',
        { limit: 25 },
        { cases: new InMemoryCaseStore(), queues: new InMemoryQueueSettings() },
      ),
    ).rejects.toThrow(NotFoundError)
  })

  it('knows every defined queue, an inactive one too, and only those', async () => {
    const routing = { defaultQueue: 'helpdesk', byType: { cloud_outage: 'cloud-ops' } } as const
    const queues = new InMemoryQueueSettings({
      queues: seedQueues(routing, {}).filter((queue) => queue.id !== 'support'),
      routing: seedRouting(routing),
    })
    await queues.keepSeeds('2026-11-25T10:00:00.000Z')
    queues.queues.set('cloud-ops', { ...(queues.queues.get('cloud-ops') as Queue), active: false })
    const deps = { cases: new InMemoryCaseStore(), queues }

    await expect(listQueueCases('cloud-ops', { limit: 25 }, deps)).resolves.toEqual({
      items: [],
      nextCursor: null,
    })
    await expect(listQueueCases('helpdesk', { limit: 25 }, deps)).resolves.toEqual({
      items: [],
      nextCursor: null,
    })
    await expect(listQueueCases('support', { limit: 25 }, deps)).rejects.toThrow(NotFoundError)
  })
})

describe('listQueueCases: tag', () => {
  it('lists only the queue’s active cases with the tag, asking the store for its label', async () => {
    // Arrange
    const cases = new InMemoryCaseStore({
      cases: [
        aCase({ id: 'vip', queue: 'support', labels: ['tag:vip'] }),
        aCase({ id: 'plain', queue: 'support' }),
        aCase({ id: 'closed', queue: 'support', status: 'closed', labels: ['tag:vip'] }),
      ],
    })

    // Act
    const page = await listQueueCases(
      'support',
      { limit: 25, tag: 'vip' },
      { cases, queues: new InMemoryQueueSettings() },
    )

    // Assert
    expect(page.items.map((c) => c.id)).toEqual(['vip'])
  })
})
