import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { ConflictError, NotFoundError, PreconditionFailedError } from '#src/domain/errors.ts'
import { maxQueues, type Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import {
  createQueue,
  deleteQueue,
  getQueue,
  listQueues,
  type QueueAdminDeps,
  updateQueue,
} from '#src/use-cases/queues/manage-queues.ts'
import { aCase, fixedClock, InMemoryCaseStore, now, rejectionOf } from '../../fakes/core.ts'
import { InMemoryQueueSettings } from '../../fakes/queues.ts'

const at = now.toISOString()
const seededAt = '2026-11-01T00:00:00.000Z'

const cloudOps: Queue = { id: 'cloud-ops', names: { de: 'Cloud', en: 'Cloud' }, active: true, version: 1 }

/** The seeds kept, plus `cloud-ops`, and a routing version 2 that sends outages there. */
async function withCloudOps(settings = new InMemoryQueueSettings()) {
  await settings.keepSeeds(seededAt)
  settings.queues.set(cloudOps.id, cloudOps)
  const routing: Routing = {
    rules: [
      { when: { caseTypes: ['consulting_request'] }, queue: 'consulting' },
      { name: 'Outages', when: { caseTypes: ['cloud_outage'] }, queue: 'cloud-ops' },
      { when: { severities: ['critical'] }, queue: 'cloud-ops' },
    ],
    defaultQueue: 'support',
  }
  settings.versions.push({ version: 2, savedAt: seededAt, definition: routing })
  settings.writes.length = 0
  return settings
}

function setUp(settings = new InMemoryQueueSettings(), cases: Case[] = []) {
  const deps: QueueAdminDeps & { cases: InMemoryCaseStore } = {
    queues: settings,
    queueAdmin: settings,
    cases: new InMemoryCaseStore({ cases }),
    clock: fixedClock(),
  }
  return { settings, deps }
}

/** Queue settings where another admin's routing save lands between a use case's read and its write. */
class RoutingSavedMeanwhile extends InMemoryQueueSettings {
  private meddle() {
    const latest = this.versions.at(-1)
    if (latest) this.versions.push({ ...latest, version: latest.version + 1 })
  }

  override async saveQueue(queue: Queue, expectedVersion: number, routingVersion: number) {
    this.meddle()
    return super.saveQueue(queue, expectedVersion, routingVersion)
  }

  override async deleteQueue(queue: Queue, routingVersion: number) {
    this.meddle()
    return super.deleteQueue(queue, routingVersion)
  }
}

describe('listQueues and getQueue', () => {
  it('answers the seeds while nothing is stored, without storing them', async () => {
    const { settings } = setUp()

    const queues = await listQueues({ queues: settings })

    expect(queues.map((queue) => queue.id)).toEqual(['consulting', 'support'])
    expect(settings.writes).toEqual([])
  })

  it('answers the stored queues, inactive ones too, ordered by id', async () => {
    // Arrange
    const settings = await withCloudOps()
    settings.queues.set('consulting', { ...(settings.queues.get('consulting') as Queue), active: false })

    // Act
    const queues = await listQueues({ queues: settings })

    // Assert
    expect(queues.map((queue) => [queue.id, queue.active])).toEqual([
      ['cloud-ops', true],
      ['consulting', false],
      ['support', true],
    ])
  })

  it('answers one queue by its id', async () => {
    const settings = await withCloudOps()

    expect(await getQueue('cloud-ops', { queues: settings })).toEqual(cloudOps)
  })

  it('answers 404 for no such queue', async () => {
    const error = await rejectionOf(getQueue('sales', { queues: new InMemoryQueueSettings() }))

    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as NotFoundError).message).toBe('There is no queue sales.')
  })
})

describe('createQueue', () => {
  it('keeps the seeds first, then adds the queue active at version 1, created now', async () => {
    // Arrange
    const { settings, deps } = setUp()

    // Act
    const created = await createQueue(
      { id: 'sales', names: { de: 'Vertrieb', en: 'Sales' }, teamAddress: 'sales@caseline.example' },
      deps,
    )

    // Assert
    const expected: Queue = {
      id: 'sales',
      names: { de: 'Vertrieb', en: 'Sales' },
      teamAddress: 'sales@caseline.example',
      active: true,
      version: 1,
      createdAt: at,
      updatedAt: at,
    }
    expect(created).toEqual(expected)
    expect(settings.writes).toEqual(['seeds', 'insert sales'])
    expect((await settings.listQueues()).map((queue) => queue.id)).toEqual(['consulting', 'sales', 'support'])
    expect(await settings.routing(1)).toMatchObject({ version: 1, savedAt: at })
  })

  it('adds an inactive queue without a team address when told so', async () => {
    const { deps } = setUp(await withCloudOps())

    const created = await createQueue(
      { id: 'archive', names: { de: 'Archiv', en: 'Archive' }, active: false },
      deps,
    )

    expect(created.active).toBe(false)
    expect(created).not.toHaveProperty('teamAddress')
  })

  it('refuses an id that is taken with 409, a seeded one too', async () => {
    const { settings, deps } = setUp()

    const error = await rejectionOf(createQueue({ id: 'support', names: { de: 'S', en: 'S' } }, deps))

    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toBe('There is a queue support already: change it with PATCH.')
    expect(settings.writes).toEqual(['seeds'])
  })

  it(`refuses a ${maxQueues + 1}th queue with 409`, async () => {
    // Arrange
    const settings = await withCloudOps()
    for (let n = settings.queues.size; n < maxQueues; n++) {
      settings.queues.set(`queue-${n}`, { ...cloudOps, id: `queue-${n}` })
    }
    const { deps } = setUp(settings)

    // Act
    const error = await rejectionOf(createQueue({ id: 'one-too-many', names: { de: 'x', en: 'x' } }, deps))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toMatch(`There are ${maxQueues} queues, the limit`)
    expect(settings.queues.has('one-too-many')).toBe(false)
  })

  it('answers 409 when another admin adds the same id between the check and the write', async () => {
    // Arrange
    class AddedMeanwhile extends InMemoryQueueSettings {
      override async insertQueue(queue: Queue) {
        this.queues.set(queue.id, { ...queue, names: { de: 'Theirs', en: 'Theirs' } })
        return super.insertQueue(queue)
      }
    }
    const { settings, deps } = setUp(new AddedMeanwhile())

    // Act
    const error = await rejectionOf(createQueue({ id: 'sales', names: { de: 'Mine', en: 'Mine' } }, deps))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(settings.queues.get('sales')?.names.en).toBe('Theirs')
  })
})

describe('updateQueue', () => {
  it('changes the names, keeps the rest and counts the version up', async () => {
    // Arrange
    const { settings, deps } = setUp(await withCloudOps())

    // Act
    const updated = await updateQueue(
      'cloud-ops',
      1,
      { names: { de: 'Cloud-Betrieb', en: 'Cloud operations' } },
      deps,
    )

    // Assert
    expect(updated).toEqual({
      ...cloudOps,
      names: { de: 'Cloud-Betrieb', en: 'Cloud operations' },
      version: 2,
      updatedAt: at,
    })
    expect(settings.queues.get('cloud-ops')).toEqual(updated)
    expect(settings.writes).toEqual(['save cloud-ops'])
  })

  it('keeps the seeds before it changes a seeded queue of a fresh table', async () => {
    const { settings, deps } = setUp()

    const updated = await updateQueue('support', undefined, { teamAddress: 'help@caseline.example' }, deps)

    expect(updated).toMatchObject({ id: 'support', teamAddress: 'help@caseline.example', version: 2 })
    expect(settings.writes).toEqual(['seeds', 'save support'])
  })

  it('keeps, replaces and removes the team address', async () => {
    // Arrange
    const settings = await withCloudOps()
    settings.queues.set('cloud-ops', { ...cloudOps, teamAddress: 'ops@caseline.example' })
    const { deps } = setUp(settings)

    // Act
    const kept = await updateQueue('cloud-ops', undefined, { names: cloudOps.names }, deps)
    const replaced = await updateQueue(
      'cloud-ops',
      undefined,
      { teamAddress: 'cloud@caseline.example' },
      deps,
    )
    const removed = await updateQueue('cloud-ops', undefined, { teamAddress: null }, deps)

    // Assert
    expect(kept.teamAddress).toBe('ops@caseline.example')
    expect(replaced.teamAddress).toBe('cloud@caseline.example')
    expect(removed).not.toHaveProperty('teamAddress')
    expect(removed.version).toBe(4)
  })

  it('deactivates a queue the routing does not send cases to', async () => {
    // Arrange
    const settings = await withCloudOps()
    settings.queues.set('legacy', { ...cloudOps, id: 'legacy' })
    const { deps } = setUp(settings)

    // Act
    const updated = await updateQueue('legacy', 1, { active: false }, deps)

    // Assert
    expect(updated).toMatchObject({ active: false, version: 2 })
  })

  it('refuses to deactivate a queue the routing sends cases to, with 409 naming the rules', async () => {
    // Arrange
    const { settings, deps } = setUp(await withCloudOps())

    // Act
    const error = await rejectionOf(updateQueue('cloud-ops', 1, { active: false }, deps))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toBe(
      'Routing version 2 sends cases to queue cloud-ops (rules 2, 3): change the routing before you deactivate it.',
    )
    expect(settings.queues.get('cloud-ops')?.active).toBe(true)
    expect(settings.writes).toEqual([])
  })

  it('names the default queue too when refusing to deactivate it', async () => {
    const { deps } = setUp(await withCloudOps())

    const error = await rejectionOf(updateQueue('support', undefined, { active: false }, deps))

    expect((error as ConflictError).message).toBe(
      'Routing version 2 sends cases to queue support (the default queue): change the routing before you deactivate it.',
    )
  })

  it('names one rule and the default queue together', async () => {
    // Arrange
    const settings = await withCloudOps()
    settings.versions.push({
      version: 3,
      savedAt: seededAt,
      definition: { rules: [{ when: { severities: ['low'] }, queue: 'support' }], defaultQueue: 'support' },
    })
    const { deps } = setUp(settings)

    // Act
    const error = await rejectionOf(updateQueue('support', undefined, { active: false }, deps))

    // Assert
    expect((error as ConflictError).message).toMatch('(rule 1 and the default queue)')
  })

  it('lets a routed queue that is inactive already be changed, and stay inactive', async () => {
    // Arrange: deactivated before routing version 2 named it (as a stale routing may)
    const settings = await withCloudOps()
    settings.queues.set('cloud-ops', { ...cloudOps, active: false })
    const { deps } = setUp(settings)

    // Act
    const updated = await updateQueue(
      'cloud-ops',
      1,
      { active: false, names: { de: 'Alt', en: 'Old' } },
      deps,
    )

    // Assert
    expect(updated).toMatchObject({ active: false, names: { de: 'Alt', en: 'Old' }, version: 2 })
  })

  it('answers 412 when If-Match names another version, and changes nothing', async () => {
    // Arrange
    const { settings, deps } = setUp(await withCloudOps())

    // Act
    const error = await rejectionOf(updateQueue('cloud-ops', 7, { names: { de: 'x', en: 'x' } }, deps))

    // Assert
    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect((error as PreconditionFailedError).message).toBe(
      'Queue cloud-ops is at version 1, not 7: read it again and re-apply your change.',
    )
    expect(settings.queues.get('cloud-ops')).toEqual(cloudOps)
  })

  it('answers 404 for no such queue', async () => {
    const { deps } = setUp(await withCloudOps())

    const error = await rejectionOf(updateQueue('sales', undefined, { active: false }, deps))

    expect(error).toBeInstanceOf(NotFoundError)
  })

  it('answers 409 when the routing changed between its read and the save, and saves nothing', async () => {
    // Arrange
    const { settings, deps } = setUp(await withCloudOps(new RoutingSavedMeanwhile()))
    settings.queues.set('legacy', { ...cloudOps, id: 'legacy' })

    // Act
    const error = await rejectionOf(updateQueue('legacy', 1, { active: false }, deps))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toBe(
      'Queue legacy or the routing changed meanwhile: read them again and re-apply your change.',
    )
    expect(settings.queues.get('legacy')?.active).toBe(true)
  })

  it('answers 409 when the queue changed between its read and the save', async () => {
    // Arrange
    class QueueSavedMeanwhile extends InMemoryQueueSettings {
      override async saveQueue(queue: Queue, expectedVersion: number, routingVersion: number) {
        const current = this.queues.get(queue.id) as Queue
        this.queues.set(queue.id, {
          ...current,
          names: { de: 'Theirs', en: 'Theirs' },
          version: current.version + 1,
        })
        return super.saveQueue(queue, expectedVersion, routingVersion)
      }
    }
    const { settings, deps } = setUp(await withCloudOps(new QueueSavedMeanwhile()))

    // Act
    const error = await rejectionOf(
      updateQueue('cloud-ops', undefined, { names: { de: 'Mine', en: 'Mine' } }, deps),
    )

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect(settings.queues.get('cloud-ops')?.names.en).toBe('Theirs')
  })
})

describe('deleteQueue', () => {
  it('deletes a queue the routing does not name and that has no active case', async () => {
    // Arrange
    const settings = await withCloudOps()
    settings.queues.set('legacy', { ...cloudOps, id: 'legacy', active: false })
    const closed = aCase({ id: 'case-9', queue: 'legacy', status: 'closed' })
    const { deps } = setUp(settings, [closed])

    // Act
    await deleteQueue('legacy', deps)

    // Assert
    expect(settings.queues.has('legacy')).toBe(false)
    expect(settings.writes).toEqual(['delete legacy'])
  })

  it('refuses while the routing sends cases to it, with 409 naming the rules', async () => {
    const { settings, deps } = setUp(await withCloudOps())

    const error = await rejectionOf(deleteQueue('cloud-ops', deps))

    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toBe(
      'Routing version 2 sends cases to queue cloud-ops (rules 2, 3): change the routing before you delete it.',
    )
    expect(settings.queues.has('cloud-ops')).toBe(true)
  })

  it('refuses while it has an active case, with 409', async () => {
    // Arrange
    const settings = await withCloudOps()
    settings.queues.set('legacy', { ...cloudOps, id: 'legacy', active: false })
    const { deps } = setUp(settings, [aCase({ queue: 'legacy', status: 'in_progress' })])

    // Act
    const error = await rejectionOf(deleteQueue('legacy', deps))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toMatch('Queue legacy has active cases, so it cannot be deleted')
    expect(settings.queues.has('legacy')).toBe(true)
  })

  it('keeps the seeds of a fresh table first, so the seeded routing refuses to lose its default queue', async () => {
    const { settings, deps } = setUp()

    const error = await rejectionOf(deleteQueue('support', deps))

    expect(error).toBeInstanceOf(ConflictError)
    expect(settings.writes).toEqual(['seeds'])
  })

  it('answers 404 for no such queue', async () => {
    const { deps } = setUp(await withCloudOps())

    expect(await rejectionOf(deleteQueue('sales', deps))).toBeInstanceOf(NotFoundError)
  })

  it('answers 409 when the routing changed between its read and the delete, and deletes nothing', async () => {
    // Arrange
    const settings = await withCloudOps(new RoutingSavedMeanwhile())
    settings.queues.set('legacy', { ...cloudOps, id: 'legacy', active: false })
    const { deps } = setUp(settings)

    // Act
    const error = await rejectionOf(deleteQueue('legacy', deps))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toMatch('changed meanwhile')
    expect(settings.queues.has('legacy')).toBe(true)
  })
})
