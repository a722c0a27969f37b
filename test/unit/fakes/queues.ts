import { seedQueues, seedRouting } from '#src/domain/queue-seeds.ts'
import { defaultQueueRouting, type Queue } from '#src/domain/queues.ts'
import { type Routing, routedQueues } from '#src/domain/routing.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { QueueSettings, QueueSettingsAdmin } from '#src/use-cases/ports/queues.ts'
import type { SettingVersion } from '#src/use-cases/ports/sla.ts'

/**
 * Queues and routing in memory, with the contract of the table's repository: the seeds until they
 * are kept (routing version 1 without `savedAt`), conditional writes that answer false when what
 * they were checked against changed. `writes` records what was written, for tests to assert on.
 */
export class InMemoryQueueSettings implements QueueSettings, QueueSettingsAdmin {
  readonly queues = new Map<string, Queue>()
  readonly versions: SettingVersion<Routing>[] = []
  readonly writes: string[] = []
  private readonly seeds: { queues: Queue[]; routing: Routing }

  constructor(
    seeds = { queues: seedQueues(defaultQueueRouting, {}), routing: seedRouting(defaultQueueRouting) },
  ) {
    this.seeds = seeds
  }

  private latest(): SettingVersion<Routing> | undefined {
    return this.versions.at(-1)
  }

  async listQueues(): Promise<Queue[]> {
    return this.queues.size > 0
      ? [...this.queues.values()].sort((a, b) => a.id.localeCompare(b.id))
      : this.seeds.queues
  }

  async routing(version?: number): Promise<SettingVersion<Routing> | undefined> {
    if (this.versions.length === 0)
      return version === undefined || version === 1
        ? { version: 1, definition: this.seeds.routing }
        : undefined
    return version === undefined
      ? this.latest()
      : this.versions.find((candidate) => candidate.version === version)
  }

  async keepSeeds(at: string): Promise<void> {
    if (this.versions.length > 0) return
    for (const queue of this.seeds.queues) if (!this.queues.has(queue.id)) this.queues.set(queue.id, queue)
    this.versions.push({ version: 1, savedAt: at, definition: this.seeds.routing })
    this.writes.push('seeds')
  }

  /** Like the table's: only stored queues (the admin use cases keep the seeds first). */
  async listQueuesFresh(): Promise<Queue[]> {
    return [...this.queues.values()].sort((a, b) => a.id.localeCompare(b.id))
  }

  async latestRoutingFresh(): Promise<SettingVersion<Routing>> {
    const latest = this.latest()
    if (!latest) throw new Error('routing read before its seeds were kept')
    return latest
  }

  async insertQueue(queue: Queue): Promise<boolean> {
    if (this.queues.has(queue.id)) return false
    this.queues.set(queue.id, queue)
    this.writes.push(`insert ${queue.id}`)
    return true
  }

  async saveQueue(queue: Queue, expectedVersion: number, routingVersion: number): Promise<boolean> {
    if (this.queues.get(queue.id)?.version !== expectedVersion || this.latest()?.version !== routingVersion)
      return false
    this.queues.set(queue.id, queue)
    this.writes.push(`save ${queue.id}`)
    return true
  }

  async deleteQueue(queue: Queue, routingVersion: number): Promise<boolean> {
    if (this.queues.get(queue.id)?.version !== queue.version || this.latest()?.version !== routingVersion)
      return false
    this.queues.delete(queue.id)
    this.writes.push(`delete ${queue.id}`)
    return true
  }

  async saveRouting(
    routing: Routing,
    expected: SettingVersion<Routing>,
    queues: readonly Queue[],
    at: string,
  ): Promise<SettingVersion<Routing> | false> {
    if (this.latest()?.version !== expected.version) return false
    const named = routedQueues(routing)
    if (queues.some((queue) => named.has(queue.id) && this.queues.get(queue.id)?.version !== queue.version))
      return false
    const saved = { version: expected.version + 1, savedAt: at, definition: routing }
    this.versions.push(saved)
    this.writes.push(`routing ${saved.version}`)
    return saved
  }

  async listRoutingVersions(page: PageRequest): Promise<Paged<SettingVersion<Routing>>> {
    return { items: [...this.versions].reverse().slice(0, page.limit), nextCursor: null }
  }
}
