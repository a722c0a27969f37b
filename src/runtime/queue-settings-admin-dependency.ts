import { createQueueSettingsWriter } from '#src/adapters/dynamodb/queue-settings-writer.ts'
import type { QueueSettingsAdmin } from '#src/use-cases/ports/queues.ts'
import { cursorCodec } from './cursor-codec.ts'
import { queueSettingsStore } from './queue-settings-dependency.ts'
import { tableContext } from './table-context.ts'

/**
 * Changing queues and routing, and listing the routing's versions (the admin routes only): it tells
 * the process's reading repository of each change (queue-settings-dependency.ts).
 */
export function queueSettingsAdmin(): QueueSettingsAdmin {
  const { doc, config } = tableContext()
  return createQueueSettingsWriter(doc, config.tableName, queueSettingsStore(), cursorCodec)
}
