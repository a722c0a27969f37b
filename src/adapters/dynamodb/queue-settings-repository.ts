import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { Queue } from '#src/domain/queues.ts'
import { Routing } from '#src/domain/routing.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'
import type { SettingVersion } from '#src/use-cases/ports/sla.ts'
import { putIfAbsent, transactionHeld } from './conditions.ts'
import { stripKeys } from './items.ts'
import { allQueues, queueKeys, routingSettingId, versionedSettingKeys } from './keys.ts'
import { keyConditionOf, queryAllPages } from './paged-query.ts'
import type { SettingKind } from './sla-setting-items.ts'
import { versionedSettings } from './sla-settings-repository.ts'

/** Queues change rarely and are read for every new case: cached briefly per instance, like calendars. */
const queueCacheMs = 60_000

/**
 * The routing of new cases as a versioned setting (docs/queues.md): no built-in, so version 1 is
 * the first one stored, the seed a fresh table keeps.
 */
export const routings: SettingKind<Routing> = {
  kind: 'routing',
  noun: 'routing',
  headEntity: 'routing',
  versionEntity: 'routingVersion',
  parse: (definition) => Routing.parse(definition),
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

export const queueItem = (queue: Queue) => ({ ...queueKeys.item(queue.id), entity: 'queue', ...queue })

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

export async function readQueues(doc: DynamoDBDocumentClient, tableName: string, consistent: boolean) {
  const items = await queryAllPages(doc, {
    TableName: tableName,
    ...keyConditionOf(allQueues()),
    ...(consistent ? { ConsistentRead: true } : {}),
  })
  return items.map((item) => Queue.parse(stripKeys(item)))
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
  seeds: QueueSeeds,
): QueueSettingsStore {
  let cachedQueues: { queues: Promise<Queue[]>; until: number } | undefined
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
    listQueues() {
      if (!cachedQueues || cachedQueues.until <= Date.now()) {
        const queues = readQueues(doc, tableName, false).then((stored) =>
          stored.length > 0 ? stored : seeds.queues,
        )
        cachedQueues = { queues, until: Date.now() + queueCacheMs }
        // A failed read is not kept: the next request tries again.
        queues.catch(() => {
          cachedQueues = undefined
        })
      }
      return cachedQueues.queues
    },
    routing: readRouting,
    forget() {
      cachedQueues = undefined
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
      const head = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: versionedSettingKeys.head('routing', routingSettingId),
          ConsistentRead: true,
        }),
      )
      if (!head.Item) {
        const first: SettingVersion<Routing> = { ...seedVersion, savedAt: at }
        await transactionHeld(doc, [
          ...seeds.queues.map((queue) => ({
            Put: putIfAbsent(tableName, queueItem({ ...queue, createdAt: at, updatedAt: at })),
          })),
          { Put: putIfAbsent(tableName, routingHead(first)) },
          { Put: putIfAbsent(tableName, routingVersionItem(first)) },
        ])
      }
      // This instance may have answered the seeds from its cache: read what is stored next.
      store.forget()
    },
  }
  return store
}
