import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Queue } from '#src/domain/queues.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'
import { stripKeys } from './items.ts'
import { allQueues, queueKeys } from './keys.ts'
import { keyConditionOf, queryAllPages } from './paged-query.ts'

/** Queues change rarely and are read for every new case: cached briefly per instance, like calendars. */
const queueCacheMs = 60_000

export const queueItem = (queue: Queue) => ({ ...queueKeys.item(queue.id), entity: 'queue', ...queue })

export async function readQueues(doc: DynamoDBDocumentClient, tableName: string, consistent: boolean) {
  const items = await queryAllPages(doc, {
    TableName: tableName,
    ...keyConditionOf(allQueues()),
    ...(consistent ? { ConsistentRead: true } : {}),
  })
  // Not parsed: only the queue routes write queues, from validated bodies, and the functions that
  // read them carry no queue schema (docs/performance.md), as with the custom field catalogue.
  return items.map((item) => stripKeys(item) as unknown as Queue)
}

/** The queues alone, and what the routing repository and the writer tell them. */
export interface QueueCatalogue extends Pick<QueueSettings, 'listQueues'> {
  forget(): void
  /** A write whose outcome is known exactly (the seeds kept): the queues are these, for the next minute. */
  remember(queues: Queue[]): void
}

/**
 * The queues in the single table (docs/data-model.md): one partition, read whole with one Query and
 * kept a minute per instance; the seed queues while the table holds none. Apart from routing
 * (queue-settings-repository.ts), so that a function that only checks or mails a queue carries
 * neither routing nor seeding.
 */
export function createQueueCatalogue(
  doc: DynamoDBDocumentClient,
  tableName: string,
  seedQueues: readonly Queue[],
): QueueCatalogue {
  let cached: { queues: Promise<Queue[]>; until: number } | undefined
  return {
    listQueues() {
      if (!cached || cached.until <= Date.now()) {
        const queues = readQueues(doc, tableName, false).then((stored) =>
          stored.length > 0 ? stored : [...seedQueues],
        )
        cached = { queues, until: Date.now() + queueCacheMs }
        // A failed read is not kept: the next request tries again.
        queues.catch(() => {
          cached = undefined
        })
      }
      return cached.queues
    },
    forget() {
      cached = undefined
    },
    remember(queues) {
      cached = { queues: Promise.resolve(queues), until: Date.now() + queueCacheMs }
    },
  }
}
