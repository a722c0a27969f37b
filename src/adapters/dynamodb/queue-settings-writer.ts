import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { type Routing, routedQueues } from '#src/domain/routing.ts'
import type { QueueSettingsAdmin } from '#src/use-cases/ports/queues.ts'
import type { SettingVersion } from '#src/use-cases/ports/sla.ts'
import { conditionHeld, putAtVersion, putIfAbsent, stillAtVersion, transactionHeld } from './conditions.ts'
import { queueKeys, routingSettingId, versionedSettingKeys } from './keys.ts'
import { queueItem, readQueues } from './queue-catalogue.ts'
import {
  type QueueSettingsStore,
  readRoutingHeadFresh,
  routingHead,
  routings,
  routingVersionItem,
} from './queue-settings-repository.ts'
import { versionLists } from './sla-setting-versions-repository.ts'

/**
 * The routing's head is still at `version`: a queue change that relies on which queues the routing
 * names (deactivating, deleting) holds only while nobody saved another routing.
 */
const routingStillAt = (tableName: string, version: number) =>
  stillAtVersion(tableName, versionedSettingKeys.head('routing', routingSettingId), version)

/**
 * Changing queues and routing (admins). Each write holds only while what it was checked against
 * still holds, so a routing that names a queue and that queue's deactivation never both land. Each
 * tells the process's reading repository to read afresh.
 */
export function createQueueSettingsWriter(
  doc: DynamoDBDocumentClient,
  tableName: string,
  store: QueueSettingsStore,
  cursorCodec: () => Promise<CursorCodec>,
): QueueSettingsAdmin {
  const listVersions = versionLists(doc, tableName, cursorCodec, routings)
  const saved = <T>(done: boolean, value: T) => {
    store.forget()
    return done ? value : false
  }

  return {
    listQueuesFresh: () => readQueues(doc, tableName, true),
    // Consistent: a change is checked against the routing as it is now. Admin routes keep the
    // seeds before they read (keepSeeds), so there is always a head.
    async latestRoutingFresh() {
      const head = await readRoutingHeadFresh(doc, tableName)
      if (!head) throw new Error('routing read before its seeds were kept')
      return head
    },
    async insertQueue(queue) {
      const done = await conditionHeld(doc.send(new PutCommand(putIfAbsent(tableName, queueItem(queue)))))
      return saved(done, true)
    },
    async saveQueue(queue, expectedVersion, routingVersion) {
      const done = await transactionHeld(doc, [
        { Put: putAtVersion(tableName, queueItem(queue), expectedVersion) },
        routingStillAt(tableName, routingVersion),
      ])
      return saved(done, true)
    },
    async saveRouting(routing, expected, queues, at) {
      const version: SettingVersion<Routing> = {
        version: expected.version + 1,
        savedAt: at,
        definition: routing,
      }
      const named = routedQueues(routing)
      const done = await transactionHeld(doc, [
        { Put: putAtVersion(tableName, routingHead(version), expected.version) },
        { Put: putIfAbsent(tableName, routingVersionItem(version)) },
        ...queues
          .filter((queue) => named.has(queue.id))
          .map((queue) => stillAtVersion(tableName, queueKeys.item(queue.id), queue.version)),
      ])
      return saved(done, version)
    },
    async deleteQueue(queue, routingVersion) {
      const done = await transactionHeld(doc, [
        {
          Delete: {
            TableName: tableName,
            Key: queueKeys.item(queue.id),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': queue.version },
          },
        },
        routingStillAt(tableName, routingVersion),
      ])
      return saved(done, true)
    },
    listRoutingVersions: async (page) =>
      (await listVersions(routingSettingId, page)) ?? { items: [], nextCursor: null },
  }
}
