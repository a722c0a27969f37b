import { describe, expect, it } from 'vitest'
import type { EventDraft, PublishedEvent } from '#src/domain/events/envelope.ts'
import { publishEvents } from '#src/use-cases/events/publish-events.ts'
import type { EventFeed } from '#src/use-cases/ports/events.ts'
import { rejectionOf } from '../fakes/core.ts'

function aDraft(id: string): EventDraft {
  return {
    id,
    type: 'case.created',
    version: 1,
    time: '2026-12-01T09:00:00.000Z',
    accountId: 'acme',
    caseId: 'case-1',
    audience: 'account',
    data: {},
  }
}

/** A feed that numbers what it is given and records the order of every step. */
function recordingSteps(options: { busFails?: boolean; fanOutFails?: boolean } = {}) {
  const log: string[] = []
  const feed: EventFeed = {
    async append(drafts) {
      log.push('append')
      return drafts.map((draft, i) => ({ ...draft, sequence: i + 1 }))
    },
    read: async () => {
      throw new Error('not read by publishing')
    },
  }
  const bus = {
    published: [] as PublishedEvent[],
    async publish(events: PublishedEvent[]) {
      log.push('bus')
      if (options.busFails) throw new Error('bus down')
      bus.published.push(...events)
    },
  }
  const fannedOut: PublishedEvent[] = []
  const fanOut = async (events: PublishedEvent[]) => {
    log.push('fanOut')
    if (options.fanOutFails) throw new Error('queue down')
    fannedOut.push(...events)
  }
  return { log, bus, fannedOut, deps: { feed, bus, fanOut } }
}

describe('publishEvents', () => {
  it('appends to the feed first, then puts the sequenced events on the bus and fans them out', async () => {
    // Arrange
    const { log, bus, fannedOut, deps } = recordingSteps()

    // Act
    const published = await publishEvents([aDraft('evt_1'), aDraft('evt_2')], deps)

    // Assert
    expect(log[0]).toBe('append')
    expect(log.slice(1).sort()).toEqual(['bus', 'fanOut'])
    expect(published.map((e) => e.sequence)).toEqual([1, 2])
    expect(bus.published).toEqual(published)
    expect(fannedOut).toEqual(published)
  })

  it('still fans out when the bus fails, then fails for a retry', async () => {
    // Arrange
    const { log, deps } = recordingSteps({ busFails: true })

    // Act
    const error = await rejectionOf(publishEvents([aDraft('evt_1')], deps))

    // Assert
    expect(error).toEqual(new Error('bus down'))
    expect(log).toContain('fanOut')
  })

  it('still puts the events on the bus when the fan-out fails, even if it throws at once', async () => {
    // Arrange
    const { log, bus, deps } = recordingSteps()
    const throwsAtOnce = () => {
      throw new Error('missing WEBHOOK_QUEUE_URL')
    }

    // Act
    const error = await rejectionOf(publishEvents([aDraft('evt_1')], { ...deps, fanOut: throwsAtOnce }))

    // Assert
    expect(error).toEqual(new Error('missing WEBHOOK_QUEUE_URL'))
    expect(log).toContain('bus')
    expect(bus.published).toHaveLength(1)
  })

  it('does nothing for a record without public events', async () => {
    // Arrange
    const { log, deps } = recordingSteps()

    // Act
    const published = await publishEvents([], deps)

    // Assert
    expect(published).toEqual([])
    expect(log).toEqual([])
  })
})
