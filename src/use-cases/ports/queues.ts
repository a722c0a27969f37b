// The ports of queues and routing (docs/queues.md). The use cases depend on these interfaces;
// adapters implement them (docs/architecture.md).
import type { Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import type { Paged, PageRequest } from './common.ts'
import type { SettingVersion } from './sla.ts'

/**
 * Reading the queues and the routing, as every new case and every queue change does: cached
 * briefly. A table that holds neither answers their seeds (docs/queues.md, "Seeds"), routing as
 * version 1.
 */
export interface QueueSettings {
  /** Every defined queue, active or not, ordered by id. */
  listQueues(): Promise<Queue[]>
  /** The latest routing without `version`, else that version; undefined for a version never saved. */
  routing(version?: number): Promise<SettingVersion<Routing> | undefined>
  /**
   * Stores the seeds unless routing is stored already: a routing without `savedAt` is the seed, and
   * whoever routes a case by it or changes queues keeps it first, so version 1 never changes.
   */
  keepSeeds(at: string): Promise<void>
}

/**
 * Changing queues and routing (admins). Reads here are fresh; each write is conditional on what it
 * was checked against, and answers false when that changed meanwhile (read again and re-check).
 */
export interface QueueSettingsAdmin {
  listQueuesFresh(): Promise<Queue[]>
  latestRoutingFresh(): Promise<SettingVersion<Routing>>
  /** Adds a queue; false when its id is taken. */
  insertQueue(queue: Queue): Promise<boolean>
  /** Saves a changed queue while it is at `expectedVersion` and the routing at `routingVersion`. */
  saveQueue(queue: Queue, expectedVersion: number, routingVersion: number): Promise<boolean>
  /** Deletes a queue while it is at its `version` and the routing at `routingVersion`. */
  deleteQueue(queue: Queue, routingVersion: number): Promise<boolean>
  /**
   * Saves routing as the version after `expected`, while that is the latest and every queue it
   * names is still as in `queues` (active, as checked).
   */
  saveRouting(
    routing: Routing,
    expected: SettingVersion<Routing>,
    queues: readonly Queue[],
    at: string,
  ): Promise<SettingVersion<Routing> | false>
  /** Every stored version, newest first. */
  listRoutingVersions(page: PageRequest): Promise<Paged<SettingVersion<Routing>>>
}
