import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { Calendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { defaultSlaPolicy, SlaPolicy } from '#src/domain/sla/policy.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import { stripKeys } from './items.ts'
import { slaSettingKeys } from './keys.ts'

/**
 * Built in, so a fresh deployment works without a seeding step: `vienna`, `follow-the-sun` and the
 * `default` policy of docs/sla.md. A stored item with the same id (PUT by an admin) replaces them.
 */
const builtInCalendars = new Map<string, Calendar>([
  [viennaCalendar.id, viennaCalendar],
  [followTheSunCalendar.id, followTheSunCalendar],
])
const builtInPolicies = new Map<string, SlaPolicy>([[defaultSlaPolicy.id, defaultSlaPolicy]])

/** Calendars and policies change rarely and are read on every case: cache them briefly per instance. */
const cacheMs = 60_000

export function createSlaSettingsRepository(doc: DynamoDBDocumentClient, tableName: string): SlaSettings {
  const cache = new Map<string, { value: unknown; until: number }>()

  async function read<T>(
    key: { pk: string; sk: string },
    parse: (item: unknown) => T,
    builtIn: T | undefined,
  ) {
    const cached = cache.get(key.pk)
    if (cached && cached.until > Date.now()) return cached.value as T | undefined
    const result = await doc.send(new GetCommand({ TableName: tableName, Key: key }))
    const value = result.Item ? parse(stripKeys(result.Item).definition) : builtIn
    cache.set(key.pk, { value, until: Date.now() + cacheMs })
    return value
  }

  async function write(key: { pk: string; sk: string }, entity: string, definition: unknown, at: string) {
    await doc.send(
      new PutCommand({ TableName: tableName, Item: { ...key, entity, definition, updatedAt: at } }),
    )
    cache.delete(key.pk)
  }

  return {
    calendar: (id) =>
      read(slaSettingKeys.calendar(id), (item) => Calendar.parse(item), builtInCalendars.get(id)),
    policy: (id) => read(slaSettingKeys.policy(id), (item) => SlaPolicy.parse(item), builtInPolicies.get(id)),
    saveCalendar: (calendar, at) => write(slaSettingKeys.calendar(calendar.id), 'calendar', calendar, at),
    savePolicy: (policy, at) => write(slaSettingKeys.policy(policy.id), 'slaPolicy', policy, at),
  }
}
