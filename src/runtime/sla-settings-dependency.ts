import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import { tableContext } from './table-context.ts'

let settings: SlaSettings | undefined

/**
 * Business calendars and SLA policies: the built-in ones and those an admin stored. One per process,
 * so its caches (src/adapters/dynamodb/sla-settings-repository.ts) serve every function the process
 * runs (one in Lambda, all of them in the local runtime). Listing versions is apart
 * (sla-versions-dependency.ts): it pages with signed cursors and their secret.
 */
export function slaSettings(): SlaSettings {
  if (!settings) {
    const { doc, config } = tableContext()
    settings = createSlaSettingsRepository(doc, config.tableName)
  }
  return settings
}
