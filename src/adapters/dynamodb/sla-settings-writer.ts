import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { ConflictError } from '#src/domain/errors.ts'
import type { SettingVersion, SlaSettingsAdmin } from '#src/use-cases/ports/sla.ts'
import { lostRace, putIfAbsent, type TransactItem } from './conditions.ts'
import { versionedSettingKeys } from './keys.ts'
import { calendars, firstStoredVersion, policies, type SettingKind, versionOf } from './sla-setting-items.ts'
import type { SlaSettingsStore } from './sla-settings-repository.ts'

/**
 * Every lost race means another save landed, so each attempt makes progress and needs no backoff:
 * this many admins saving one setting at once all get their version.
 */
const maxSaveAttempts = 5

function versionSaver<T extends { id: string }>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  setting: SettingKind<T>,
  store: SlaSettingsStore,
) {
  const versionItem = (id: string, version: SettingVersion<T>): Record<string, unknown> => ({
    ...versionedSettingKeys.version(setting.kind, id, version.version),
    entity: setting.versionEntity,
    ...version,
  })

  /**
   * Adds the next version.
   * 1. Read the head (consistently): the next version follows the one it holds.
   * 2. In one transaction, put the head only while it still holds the version read (or none: no
   *    head yet, or one from before versions), and the version item only if absent; a head from
   *    before versions also gets its own version kept as an item, before it is replaced.
   * 3. Another admin saved in between: go to 1, so both saves get a version and neither is lost.
   */
  async function save(definition: T, at: string): Promise<SettingVersion<T>> {
    const id = definition.id
    const headKey = versionedSettingKeys.head(setting.kind, id)
    for (let attempt = 1; ; attempt++) {
      const head = (
        await doc.send(new GetCommand({ TableName: tableName, Key: headKey, ConsistentRead: true }))
      ).Item
      const current = head && versionOf(setting, id, head)
      const legacy = current !== undefined && head?.version === undefined
      const saved: SettingVersion<T> = {
        version: current ? current.version + 1 : firstStoredVersion(setting, id),
        savedAt: at,
        definition,
      }
      const headHeld =
        current && !legacy
          ? {
              ConditionExpression: '#version = :read',
              ExpressionAttributeValues: { ':read': current.version },
            }
          : { ConditionExpression: 'attribute_not_exists(#version)' }
      const writes: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: { ...headKey, entity: setting.headEntity, ...saved },
            ExpressionAttributeNames: { '#version': 'version' },
            ...headHeld,
          },
        },
        { Put: putIfAbsent(tableName, versionItem(id, saved)) },
      ]
      if (legacy) writes.push({ Put: putIfAbsent(tableName, versionItem(id, current)) })
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: writes }))
      } catch (error) {
        if (!lostRace(error)) throw error
        if (attempt === maxSaveAttempts) {
          throw new ConflictError(
            `The ${setting.noun} ${id} is being saved by others right now. Please retry.`,
          )
        }
        continue
      }
      store.forgetLatest(setting.kind, id)
      return saved
    }
  }

  return save
}

/**
 * Saves calendars and policies as their next versions (docs/data-model.md), and tells the reading
 * repository of the same process, so that its cached latest version gives way at once.
 */
export function createSlaSettingsWriter(
  doc: DynamoDBDocumentClient,
  tableName: string,
  store: SlaSettingsStore,
): SlaSettingsAdmin {
  return {
    saveCalendar: versionSaver(doc, tableName, calendars, store),
    savePolicy: versionSaver(doc, tableName, policies, store),
  }
}
