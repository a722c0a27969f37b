import {
  createSlaSettingsRepository,
  type SlaSettingsStore,
} from '#src/adapters/dynamodb/sla-settings-repository.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import { tableContext } from './table-context.ts'

let settings: SlaSettingsStore | undefined

/**
 * The process's reading repository of calendars and policies, which the writer of the same process
 * tells of each save (sla-settings-admin-dependency.ts).
 */
export function slaSettingsStore(): SlaSettingsStore {
  if (!settings) {
    const { doc, config } = tableContext()
    settings = createSlaSettingsRepository(doc, config.tableName)
  }
  return settings
}

/**
 * Business calendars and SLA policies: the built-in ones and those an admin stored. One per process,
 * so its caches (src/adapters/dynamodb/sla-settings-repository.ts) serve every function the process
 * runs (one in Lambda, all of them in the local runtime). Saving (sla-settings-admin-dependency.ts)
 * and listing versions (sla-versions-dependency.ts) are apart: only their routes carry them.
 */
export function slaSettings(): SlaSettings {
  return slaSettingsStore()
}
