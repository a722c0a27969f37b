import {
  createQueueSettingsRepository,
  type QueueSettingsStore,
} from '#src/adapters/dynamodb/queue-settings-repository.ts'
import { seedQueues, seedRouting } from '#src/domain/queue-seeds.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'
import { queueCatalogue } from './queue-catalogue-dependency.ts'
import { tableContext } from './table-context.ts'

let store: QueueSettingsStore | undefined

/** The process's reading repository, which the writer of the same process tells of each change. */
export function queueSettingsStore(): QueueSettingsStore {
  if (!store) {
    const { doc, config } = tableContext()
    const { routing, teamAddresses } = config.queueSeeds
    store = createQueueSettingsRepository(doc, config.tableName, queueCatalogue(), {
      queues: seedQueues(routing, teamAddresses),
      routing: seedRouting(routing),
    })
  }
  return store
}

/**
 * The queues and the routing of new cases (docs/queues.md). One per process, so its cache serves
 * every function the process runs (one in Lambda, all of them in the local runtime) and a change
 * saved in the process is read afresh at once.
 */
export function queueSettings(): QueueSettings {
  return queueSettingsStore()
}
