import { createWatcherRepository } from '#src/adapters/dynamodb/watcher-repository.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'
import { tableContext } from './table-context.ts'

/** The watchers of cases: for the watcher routes, the event handler's mail and mail-in's Cc. */
export function caseWatcherStore(): CaseWatcherStore {
  const { doc, config } = tableContext()
  return createWatcherRepository(doc, config.tableName)
}
