import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import { tableContext } from './table-context.ts'

let settings: SlaSettings | undefined

/**
 * Business calendars and SLA policies: the built-in ones and those an admin stored. One per process,
 * so its short cache (src/adapters/dynamodb/sla-settings-repository.ts) serves every function the
 * process runs (one in Lambda, all of them in the local runtime).
 */
export function slaSettings(): SlaSettings {
  if (!settings) {
    const { doc, config } = tableContext()
    settings = createSlaSettingsRepository(doc, config.tableName)
  }
  return settings
}
