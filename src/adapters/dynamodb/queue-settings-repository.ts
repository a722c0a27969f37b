import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'
import type { SettingVersion } from '#src/use-cases/ports/sla.ts'
import { putIfAbsent, transactionHeld } from './conditions.ts'
import { routingSettingId, versionedSettingKeys } from './keys.ts'
import { type QueueCatalogue, queueItem } from './queue-catalogue.ts'
import { type SettingKind, versionOf } from './sla-setting-items.ts'
import { versionedSettings } from './sla-settings-repository.ts'

/**
 * The routing of new cases as a versioned setting (docs/queues.md): no built-in, so version 1 is
 * the first one stored, the seed a fresh table keeps.
 */
export const routings: SettingKind<Routing> = {
  kind: 'routing',
  noun: 'routing',
  headEntity: 'routing',
  versionEntity: 'routingVersion',
  // Not parsed: only the routing route writes it, from a validated body, and the functions that
  // file cases carry no routing schema (docs/performance.md), as with the custom field catalogue.
  parse: (definition) => definition as Routing,
  builtIns: new Map(),
}

/** What a fresh table starts with: the queues and routing the deployment's settings describe. */
export interface QueueSeeds {
  queues: Queue[]
  routing: Routing
}

/** The reading repository, and what its writer and the seeding tell it. */
export interface QueueSettingsStore extends QueueSettings {
  forget(): void
}

export const routingVersionItem = (version: SettingVersion<Routing>) => ({
  ...versionedSettingKeys.version('routing', routingSettingId, version.version),
  entity: routings.versionEntity,
  ...version,
})

export const routingHead = (version: SettingVersion<Routing>) => ({
  ...versionedSettingKeys.head('routing', routingSettingId),
  entity: routings.headEntity,
  ...version,
})

/** The routing in force as stored now (a consistent read), or undefined while the table holds none. */
export async function readRoutingHeadFresh(
  doc: DynamoDBDocumentClient,
  tableName: string,
): Promise<SettingVersion<Routing> | undefined> {
  const key = versionedSettingKeys.head('routing', routingSettingId)
  const head = (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item
  return head && versionOf(routings, routingSettingId, head)
}

/**
 * Queues and routing in the single table (docs/data-model.md): the queues in one partition, read
 * whole with one Query; routing as a versioned setting like calendars (a head and an item per
 * version). Both kept a minute per instance. A table that holds no routing answers the seeds, the
 * routing as version 1 without `savedAt`, until `keepSeeds` stores them. Changing them
 * (queue-settings-writer.ts) is apart, so that the functions that file cases carry none of it.
 */
export function createQueueSettingsRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  catalogue: QueueCatalogue,
  seeds: QueueSeeds,
): QueueSettingsStore {
  const routing = versionedSettings(doc, tableName, routings)
  const seedVersion: SettingVersion<Routing> = { version: 1, definition: seeds.routing }

  async function readRouting(version?: number) {
    const found = await routing.read(routingSettingId, version)
    if (found) return found
    // Nothing stored at all (not merely no such version): a fresh table, whose version 1 is the seed.
    if ((version === undefined || version === 1) && !(await routing.read(routingSettingId))) {
      return seedVersion
    }
    return undefined
  }

  const store: QueueSettingsStore = {
    listQueues: () => catalogue.listQueues(),
    routing: readRouting,
    forget() {
      catalogue.forget()
      routing.forgetLatest(routingSettingId)
    },
    /**
     * 1. Nothing, if the routing's head is stored: the seeds were kept (here or by another
     *    instance), and putting a seed queue again would bring back one an admin deleted since.
     * 2. Otherwise one transaction: every seed queue, routing version 1 and its head, each only if
     *    absent. All or nothing, so the queues are never kept without the head that says they were:
     *    a concurrent keeping (the same seeds) cancels it and changes nothing.
     */
    async keepSeeds(at) {
      const stored = await readRoutingHeadFresh(doc, tableName)
      // What the table holds afterwards is known, so this instance's next case reads nothing more.
      if (stored) {
        catalogue.forget()
        routing.rememberLatest(routingSettingId, stored)
        return
      }
      const first: SettingVersion<Routing> = { ...seedVersion, savedAt: at }
      const queues = seeds.queues.map((queue) => ({ ...queue, createdAt: at, updatedAt: at }))
      const kept = await transactionHeld(doc, [
        ...queues.map((queue) => ({ Put: putIfAbsent(tableName, queueItem(queue)) })),
        { Put: putIfAbsent(tableName, routingHead(first)) },
        { Put: putIfAbsent(tableName, routingVersionItem(first)) },
      ])
      if (!kept) {
        // Another instance kept them first (the same seeds, another time): read them next.
        store.forget()
        return
      }
      catalogue.remember(queues)
      routing.rememberLatest(routingSettingId, first)
    },
  }
  return store
}
