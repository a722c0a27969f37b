import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import { cursorCodec } from './cursor-codec.ts'
import { tableContext } from './table-context.ts'

let settings: SlaSettings | undefined

/**
 * Calendars and policies for the routes that list their versions: these page with signed cursors,
 * so they get the cursor codec (and its secret) that the shared `slaSettings()` leaves out of every
 * other function (sla-settings-dependency.ts).
 */
export function slaSettingsWithVersionLists(): SlaSettings {
  if (!settings) {
    const { doc, config } = tableContext()
    settings = createSlaSettingsRepository(doc, config.tableName, cursorCodec)
  }
  return settings
}
