import { createQueueCatalogue, type QueueCatalogue } from '#src/adapters/dynamodb/queue-catalogue.ts'
import { seedQueues } from '#src/domain/queue-seeds.ts'
import { tableContext } from './table-context.ts'

let catalogue: QueueCatalogue | undefined

/**
 * The queues alone (docs/queues.md): what checks a queue move, lists a queue's cases or mails its
 * team needs. One per process, shared with the routing repository (queue-settings-dependency.ts),
 * so a change saved in the process is read afresh at once.
 */
export function queueCatalogue(): QueueCatalogue {
  if (!catalogue) {
    const { doc, config } = tableContext()
    const { routing, teamAddresses } = config.queueSeeds
    catalogue = createQueueCatalogue(doc, config.tableName, seedQueues(routing, teamAddresses))
  }
  return catalogue
}
