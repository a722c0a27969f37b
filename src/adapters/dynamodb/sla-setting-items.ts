import { Calendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { defaultSlaPolicy, SlaPolicy } from '#src/domain/sla/policy.ts'
import type { SettingVersion } from '#src/use-cases/ports/sla.ts'
import * as z from '#src/zod.ts'
import type { VersionedSettingKind } from './keys.ts'

// What the reading, saving and listing of calendar and policy versions share (docs/data-model.md):
// the two kinds, their items and their built-ins.

/** What sets one kind of setting apart: its keys, its items' entities, its schema and its built-ins. */
export interface SettingKind<T> {
  kind: VersionedSettingKind
  /** How a message names it. */
  noun: string
  headEntity: string
  versionEntity: string
  parse: (definition: unknown) => T
  /**
   * Built in, so a fresh deployment works without a seeding step (docs/sla.md): version 1 of its
   * id, never stored, until an admin saves version 2.
   */
  builtIns: ReadonlyMap<string, T>
}

export const calendars: SettingKind<Calendar> = {
  kind: 'calendar',
  noun: 'calendar',
  headEntity: 'calendar',
  versionEntity: 'calendarVersion',
  parse: (definition) => Calendar.parse(definition),
  builtIns: new Map<string, Calendar>([
    [viennaCalendar.id, viennaCalendar],
    [followTheSunCalendar.id, followTheSunCalendar],
  ]),
}

export const policies: SettingKind<SlaPolicy> = {
  kind: 'policy',
  noun: 'SLA policy',
  headEntity: 'slaPolicy',
  versionEntity: 'slaPolicyVersion',
  parse: (definition) => SlaPolicy.parse(definition),
  builtIns: new Map([[defaultSlaPolicy.id, defaultSlaPolicy]]),
}

/** A head or a version item. A head stored before versions were has `updatedAt` and no `version`. */
const StoredSetting = z.object({
  definition: z.unknown(),
  version: z.optional(z.int().check(z.positive())),
  savedAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
})

/** Version 1 of a built-in id is the built-in (never stored). */
export function builtInVersion<T>(setting: SettingKind<T>, id: string): SettingVersion<T> | undefined {
  const definition = setting.builtIns.get(id)
  return definition && { version: 1, definition }
}

/** Version 1 of a built-in id is the built-in, so its first save is version 2. */
export function firstStoredVersion<T>(setting: SettingKind<T>, id: string): number {
  return setting.builtIns.has(id) ? 2 : 1
}

/** A head or a version item as the version it holds. */
export function versionOf<T>(
  setting: SettingKind<T>,
  id: string,
  item: Record<string, unknown>,
): SettingVersion<T> {
  const stored = StoredSetting.parse(item)
  return {
    // A head from before versions holds the first stored version.
    version: stored.version ?? firstStoredVersion(setting, id),
    savedAt: stored.savedAt ?? stored.updatedAt,
    definition: setting.parse(stored.definition),
  }
}
