import { createSlaSettingsWriter } from '#src/adapters/dynamodb/sla-settings-writer.ts'
import type { SlaSettingsAdmin } from '#src/use-cases/ports/sla.ts'
import { slaSettingsStore } from './sla-settings-dependency.ts'
import { tableContext } from './table-context.ts'

let admin: SlaSettingsAdmin | undefined

/**
 * Saving calendars and policies (the two PUT routes only), on top of the process's reading
 * repository, whose cached latest versions a save replaces at once.
 */
export function slaSettingsAdmin(): SlaSettingsAdmin {
  if (!admin) {
    const { doc, config } = tableContext()
    admin = createSlaSettingsWriter(doc, config.tableName, slaSettingsStore())
  }
  return admin
}
