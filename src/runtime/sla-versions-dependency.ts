import { createSlaSettingVersionsRepository } from '#src/adapters/dynamodb/sla-setting-versions-repository.ts'
import type { SlaSettingVersions } from '#src/use-cases/ports/sla.ts'
import { cursorCodec } from './cursor-codec.ts'
import { tableContext } from './table-context.ts'

let versions: SlaSettingVersions | undefined

/**
 * The versions of calendars and policies, for the routes that list them: these page with signed
 * cursors, so they get the cursor codec (and its secret), which every other function goes without.
 */
export function slaSettingVersions(): SlaSettingVersions {
  if (!versions) {
    const { doc, config } = tableContext()
    versions = createSlaSettingVersionsRepository(doc, config.tableName, cursorCodec)
  }
  return versions
}
