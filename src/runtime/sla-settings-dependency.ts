import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import { tableContext } from './table-context.ts'

/** Business calendars and SLA policies: the built-in ones and those an admin stored. */
export function slaSettings(): SlaSettings {
  const { doc, config } = tableContext()
  return createSlaSettingsRepository(doc, config.tableName)
}
